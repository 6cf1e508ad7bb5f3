package org.example.stacks;

import dev.stackcheck.junit.StackcheckTests;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The same tests on the wrong engine: they fail (run only with -Pwrong; run.sh checks the failure). */
class ForgetfulCopyingEngineTest {
    @TestFactory
    Stream<DynamicNode> stackcheck() {
        return StackcheckTests.of(new ForgetfulCopyingProvider());
    }
}
