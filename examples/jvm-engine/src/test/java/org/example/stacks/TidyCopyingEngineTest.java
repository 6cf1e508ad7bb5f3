package org.example.stacks;

import dev.stackcheck.junit.StackcheckTests;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Every stackcheck invariant and example scenario on the engine: `mvn test -Dstackcheck.tries=2000`. */
class TidyCopyingEngineTest {
    @TestFactory
    Stream<DynamicNode> stackcheck() {
        return StackcheckTests.of(new TidyCopyingProvider());
    }
}
