package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Go toolchain for the tests that need it, found as src/main/go/build.sh finds it ($GO, go on the
 * PATH, Debian's /usr/lib/go-1.19/bin/go). Tests call {@link #require()}: without Go they are skipped
 * (JUnit assumptions), so {@code mvn -B verify} passes on a machine without Go.
 */
final class GoToolchain {

    private static Optional<Path> found;
    private static boolean built;

    private GoToolchain() {
    }

    static synchronized Optional<Path> find() {
        if (found == null) {
            found = Optional.empty();
            String env = System.getenv("GO");
            if (env != null && Files.isExecutable(Path.of(env))) {
                found = Optional.of(Path.of(env));
            } else {
                String path = System.getenv("PATH");
                for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
                    Path go = Path.of(d, "go");
                    if (Files.isExecutable(go)) {
                        found = Optional.of(go);
                        break;
                    }
                }
                Path debian = Path.of("/usr/lib/go-1.19/bin/go");
                if (found.isEmpty() && Files.isExecutable(debian)) {
                    found = Optional.of(debian);
                }
            }
        }
        return found;
    }

    /** The go command; skips the calling test when there is none. */
    static Path require() {
        Optional<Path> go = find();
        assumeTrue(go.isPresent(), "Go is not installed (apt-get install golang-1.19-go): Go engine tests skipped");
        return go.get();
    }

    /** The Go engine's descriptor, built (both binaries); skips the calling test without Go. */
    static synchronized OutsideEngine engine(String name) {
        require();
        OutsideEngine e = OutsideEngines.find(name).orElseThrow();
        if (!built) {
            OutsideEngines.ensureBuilt(e);
            built = true;
        }
        return e;
    }
}
