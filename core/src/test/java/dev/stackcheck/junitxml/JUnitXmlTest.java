package dev.stackcheck.junitxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.cli.Main;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.gen.Selftest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {

    @TempDir
    Path dir;

    private static int run(String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nodes = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static long applying(StackKind kind) {
        long n = 0;
        for (Invariant inv : Invariant.values()) {
            n += inv.appliesTo(kind) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aPassingCheckHasOneTestCasePerEngineAndInvariantAndNoFailure() throws Exception {
        Path xml = dir.resolve("out/check.xml");
        assertEquals(0, run("check", "--engine", "copying,segmented", "--tries", "30", "--out=" + dir, "--junit",
                xml.toString()));
        Document d = parse(xml);
        Element suite = elements(d, "testsuite").get(0);
        List<Element> cases = elements(d, "testcase");
        // the named engines and the default targets they bring (a segment cache, small and odd limits): one test
        // case per invariant that applies to the target's kind
        java.util.Map<String, Long> perTarget = cases.stream().collect(java.util.stream.Collectors.groupingBy(
                c -> c.getAttribute("classname"), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertTrue(perTarget.keySet().containsAll(List.of("stackcheck.check.copying", "stackcheck.check.segmented",
                "stackcheck.check.copying/max16384", "stackcheck.check.segmented/gcc")), perTarget.toString());
        long expected = 0;
        for (var e : perTarget.entrySet()) {
            StackKind kind = e.getKey().startsWith("stackcheck.check.copying") ? StackKind.COPYING : StackKind.SEGMENTED;
            assertEquals(applying(kind), e.getValue(), e.getKey());
            expected += e.getValue();
        }
        assertEquals(expected, cases.size());
        assertEquals(Long.toString(expected), suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals(0, elements(d, "failure").size());
        assertTrue(cases.stream().anyMatch(c -> c.getAttribute("classname").equals("stackcheck.check.copying")
                && c.getAttribute("name").startsWith("PTR-2 ")));
        assertTrue(cases.stream().anyMatch(c -> c.getAttribute("classname").equals("stackcheck.check.segmented")
                && c.getAttribute("name").startsWith("SEG-1 ")));
        assertTrue(cases.stream().noneMatch(c -> c.getAttribute("classname").equals("stackcheck.check.copying")
                && c.getAttribute("name").startsWith("SEG-1 ")), "SEG-1 does not apply to a copying stack");
    }

    @Test
    void aFailingCheckHasAFailureWithTheShrunkProgramAndTheReplayCommand() throws Exception {
        Path xml = dir.resolve("check.xml");
        assertEquals(1, run("check", "--engine", "fault:copy-skips-defer-records", "--tries", "200", "--out=" + dir,
                "--junit", xml.toString()));
        Document d = parse(xml);
        List<Element> failures = elements(d, "failure");
        assertEquals(1, failures.size());
        assertEquals("1", elements(d, "testsuite").get(0).getAttribute("failures"));
        Element f = failures.get(0);
        Element testcase = (Element) f.getParentNode();
        assertEquals("stackcheck.check.fault:copy-skips-defer-records", testcase.getAttribute("classname"));
        assertTrue(testcase.getAttribute("name").startsWith(f.getAttribute("type") + " "), testcase.getAttribute("name"));
        String text = f.getTextContent();
        assertTrue(text.contains("shrunk program ("), text);
        assertTrue(text.contains("replay: ./stackcheck run " + dir.resolve("failures")), text);
        assertTrue(text.contains("--engine fault:copy-skips-defer-records"), text);
        assertTrue(f.getAttribute("message").startsWith(f.getAttribute("type") + " "), f.getAttribute("message"));
    }

    @Test
    void aSelftestHasOneTestCasePerFaultAndAFailureForAFaultNotCaught() throws Exception {
        // newstack-ignores-guard needs more than one try: with one it is not caught
        Selftest.Report report = Selftest.run(Selftest.Options.DEFAULT.withScenarios(false).withTries(1)
                .withFaults(List.of("copy-skips-defer-records", "newstack-ignores-guard")));
        Path xml = dir.resolve("selftest.xml");
        JUnitXml.writeSelftest(xml, report);
        Document d = parse(xml);
        List<Element> cases = elements(d, "testcase");
        assertEquals(List.of("copy-skips-defer-records", "newstack-ignores-guard"),
                cases.stream().map(c -> c.getAttribute("name")).toList());
        assertEquals("stackcheck.selftest.copying", cases.get(0).getAttribute("classname"));
        List<Element> failures = elements(d, "failure");
        assertEquals(1, failures.size());
        assertEquals(cases.get(1), failures.get(0).getParentNode());
        String text = failures.get(0).getTextContent();
        assertTrue(text.contains("replay: ./stackcheck selftest --seed 0 --tries 1\n"), text);
        assertTrue(text.contains("./stackcheck check --engine fault:newstack-ignores-guard --seed 0 --tries 1"
                + " --no-replay"), text);
    }

    @Test
    void aJUnitFileThatCannotBeWrittenIsBadInputWithOneJsonObject() throws Exception {
        Files.writeString(dir.resolve("file"), "not a folder");
        StringWriter out = new StringWriter();
        int status = Main.execute(new String[] {"check", "--json", "--tries", "5", "--out=" + dir, "--junit",
            dir.resolve("file").resolve("x.xml").toString()}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertEquals(2, status);
        JsonNode n = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(
                out.toString());
        assertTrue(n.get("error").asText().startsWith("--junit: cannot write"), out.toString());
    }

    @Test
    void charactersXmlDoesNotAllowAreEscaped() {
        assertEquals("a\\u0000b\\u001b\tc", JUnitXml.clean("a\u0000b\u001b\tc"));
        assertEquals("\\ud800x", JUnitXml.clean("\ud800x"));
    }
}
