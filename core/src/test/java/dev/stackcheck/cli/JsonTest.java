package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.gen.Selftest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    /** What check and selftest print through the streaming generator, and what the tree model prints. */
    private static void samePrint(Map<String, Object> tree) {
        StringWriter streamed = new StringWriter();
        Json.print(new PrintWriter(streamed), tree);
        StringWriter viaTree = new StringWriter();
        Json.print(new PrintWriter(viaTree), (ObjectNode) Json.mapper().valueToTree(tree));
        assertEquals(viaTree.toString(), streamed.toString());
    }

    @Test
    void aCheckReportPrintsAsTheTreeModelPrintsIt() {
        CheckTarget fault = CheckTarget.of(FaultCatalogue.byId("copy-adjusts-top-frame-only").provider());
        CheckReport r = CheckSession.run(List.of(CheckTarget.defaults().get(0), fault),
                CheckOptions.DEFAULT.withTries(20).withFailureDir(null).withWorkers(1));
        assertFalse(r.failures().isEmpty(), "a failure, with its nested fields and nulls");
        Map<String, Object> tree = new LinkedHashMap<>(r.toJson());
        tree.put("counterexample", "target/stackcheck/counterexample.stk");
        tree.put("saveErrors", List.of("cannot write \"x\"\n"));
        samePrint(tree);
    }

    @Test
    void aSelftestReportPrintsAsTheTreeModelPrintsIt() {
        samePrint(Selftest.run(Selftest.Options.DEFAULT.withTries(5).withScenarios(false)
                .withFaults(List.of("copy-frees-old-stack-first"))).toJson());
    }

    @Test
    void aValueOfAnotherKindIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Json.print(new PrintWriter(new StringWriter()), Map.of("x", new Object())));
    }
}
