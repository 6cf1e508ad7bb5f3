package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutsideEnginesTest {

    @TempDir
    Path dir;

    @Test
    void aDescriptorLoadsWithItsPathsResolved() throws IOException {
        Path d = dir.resolve("mine.json");
        Files.writeString(d, "{\"description\":\"mine\",\"command\":[\"bin/engine\",\"-x\"],\"build\":[\"./make.sh\"],"
                + "\"sources\":[\"src\"],\"kind\":\"copying\",\"profile\":\"go1.4\",\"timeoutSeconds\":2.5,"
                + "\"stderr\":\"go-stackdebug\",\"overflow\":\"exceeds\"}");
        OutsideEngine e = OutsideEngines.load(d);
        assertEquals("mine", e.name());
        assertEquals(List.of(dir.resolve("bin/engine").toString(), "-x"), e.command());
        assertEquals(dir.resolve("make.sh").toString(), e.build().get(0));
        assertEquals(List.of(dir.resolve("src")), e.sources());
        assertEquals(StackKind.COPYING, e.kind());
        assertEquals(Profile.GO1_4.params(), e.params());
        assertEquals(Duration.ofMillis(2500), e.timeout());
        assertEquals(OutsideEngine.GO_STACKDEBUG, e.stderr());
        assertTrue(e.overflow().matcher("stack exceeds").find());
    }

    @Test
    void aDescriptorWithDefaults() throws IOException {
        Path d = dir.resolve("plain.json");
        Files.writeString(d, "{\"command\":[\"cat\"]}");
        OutsideEngine e = OutsideEngines.load(d);
        assertEquals(List.of("cat"), e.command());
        assertEquals(StackKind.OTHER, e.kind());
        assertEquals(EngineParams.DEFAULT, e.params());
        assertEquals(OutsideEngine.DEFAULT_TIMEOUT, e.timeout());
        assertEquals(OutsideEngine.Mode.PROCESS, e.mode());
        Files.writeString(d, "{\"command\":[\"cat\"],\"protocol\":\"session\"}");
        assertEquals(OutsideEngine.Mode.SESSION, OutsideEngines.load(d).mode());
    }

    @Test
    void badDescriptorsSayWhy() throws IOException {
        String[][] cases = {{"{\"command\":[]}", "non-empty array"}, {"{\"comand\":[\"x\"]}", "unknown field 'comand'"},
            {"{\"command\":[\"x\"],\"kind\":\"spaghetti\"}", "kind is"}, {"[1]", "a JSON object"},
            {"{\"command\":[\"x\"],\"profile\":\"go9\"}", "unknown profile"},
            {"{\"command\":[\"x\"],\"stderr\":\"rust\"}", "unknown stderr format"},
            {"{\"command\":[\"x\"],\"timeoutSeconds\":0}", "positive"}, {"{", "bad.json"},
            {"{\"command\":[\"x\"],\"protocol\":\"rpc\"}", "protocol is process or session, not 'rpc'"},
            {"{\"command\":[\"x\"],\"protocol\":\"session\",\"stderr\":\"go-stackdebug\"}", "need the process protocol"}};
        for (String[] c : cases) {
            Path d = dir.resolve("bad.json");
            Files.writeString(d, c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutsideEngines.load(d));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("bad.json"), e.getMessage());
        }
    }

    @Test
    void aProcEngineMayDeclareItsKind() {
        OutsideEngine plain = OutsideEngines.adHoc("proc:./my-engine --flag");
        assertEquals(StackKind.OTHER, plain.kind());
        assertEquals(List.of("/bin/sh", "-c", "./my-engine --flag"), plain.command());
        OutsideEngine declared = OutsideEngines.adHoc("proc:kind=copying:./my-engine a:b");
        assertEquals(StackKind.COPYING, declared.kind());
        assertEquals(List.of("/bin/sh", "-c", "./my-engine a:b"), declared.command());
        assertEquals("proc:kind=copying:./my-engine a:b", declared.name(), "a replay names the same kind");
        assertEquals(StackKind.SEGMENTED, OutsideEngines.adHoc("proc:kind=Segmented:x").kind());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> OutsideEngines.adHoc("proc:kind=stacky:./x"));
        assertTrue(bad.getMessage().contains("kind is segmented, copying, hybrid, fixed or other, not 'stacky'"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutsideEngines.adHoc("proc:kind=copying:"));
        assertThrows(IllegalArgumentException.class, () -> OutsideEngines.adHoc("proc:kind=copying"));
    }

    @Test
    void theRepositoryDescribesTheGoEngines() {
        assertTrue(OutsideEngines.names().containsAll(List.of("go", "go-release")));
        OutsideEngine go = OutsideEngines.find("go").orElseThrow();
        assertEquals(StackKind.COPYING, go.kind());
        assertEquals(Profile.GO1_19.params(), go.params());
        assertEquals(OutsideEngine.GO_STACKDEBUG, go.stderr());
        assertTrue(go.command().get(0).endsWith("target/go/stackcheck-go-debug"), go.command().toString());
        assertTrue(OutsideEngines.find("../pom").isEmpty());
        assertTrue(OutsideEngines.find("nosuch").isEmpty());
    }

    @Test
    void aMissingOrStaleProgramIsBuilt() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("engine.txt"), "{\"obs\":7}\n{\"stats\":{}}\n");
        Path build = dir.resolve("build.sh");
        Files.writeString(build, "#!/bin/sh\ncount=$(cat built 2>/dev/null || echo 0); echo $((count+1)) > built\n"
                + "printf '#!/bin/sh\\ncat > /dev/null\\ncat %s\\n' \"$PWD/src/engine.txt\" > engine\nchmod +x engine\n");
        build.toFile().setExecutable(true);
        Path d = dir.resolve("built.json");
        Files.writeString(d, "{\"command\":[\"./engine\"],\"build\":[\"./build.sh\"],\"sources\":[\"src\"]}");
        OutsideEngine e = OutsideEngines.load(d);
        OutsideEngines.ensureBuilt(e);
        OutsideEngines.ensureBuilt(e);
        assertEquals("1", Files.readString(dir.resolve("built")).strip());
        BlackBoxRun r = e.engine().runWhole(Parser.parse("frame m words=1\ncall m\nget 0\n"));
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        Files.setLastModifiedTime(dir.resolve("engine"),
                FileTime.fromMillis(Files.getLastModifiedTime(src.resolve("engine.txt")).toMillis() - 10_000));
        OutsideEngines.ensureBuilt(e);
        assertEquals("2", Files.readString(dir.resolve("built")).strip());
    }

    @Test
    void aFailedBuildSaysWhy() throws IOException {
        Path d = dir.resolve("broken.json");
        Files.writeString(d, "{\"command\":[\"./engine\"],\"build\":[\"/bin/sh\",\"-c\",\"echo no compiler; exit 4\"]}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OutsideEngines.ensureBuilt(OutsideEngines.load(d)));
        assertTrue(e.getMessage().contains("failed with status 4") && e.getMessage().contains("no compiler"),
                e.getMessage());
    }
}
