package dev.stackcheck.gen;

import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The {@code stackcheck.*} settings of a test run: JUnit configuration parameters, which come from
 * system properties ({@code mvn verify -Dstackcheck.tries=20000}) or from {@code junit-platform.properties}.
 */
record Settings(Function<String, Optional<String>> lookup) {

    Optional<String> get(String key) {
        return lookup.apply(key);
    }

    /** Injects {@link Settings} into test methods and lifecycle methods. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == Settings.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return new Settings(e::getConfigurationParameter);
        }
    }
}
