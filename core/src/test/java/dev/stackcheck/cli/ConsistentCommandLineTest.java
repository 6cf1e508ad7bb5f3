package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One command line: every option's help names the values it takes, and bad input is reported the same way. */
class ConsistentCommandLineTest {

    private static final String PROGRAM = "specs/programs/ack.stk";

    /** The help of {@code command}, on one line. */
    private static String help(String command) {
        Cli h = Cli.run(command, "--help");
        assertEquals(0, h.status(), h.err());
        return h.out().replaceAll("\\s+", " ");
    }

    @Test
    void theProfileHelpListsExactlyTheProfilesTheOptionTakes() {
        String valid = "";
        try {
            Profile.byName("no-such-profile");
        } catch (IllegalArgumentException e) {
            valid = e.getMessage().replaceAll(".*valid profiles: ", "");
        }
        assertEquals(valid, String.join(", ", Values.Profiles.names()));
        for (String command : List.of("run", "check", "validate-trace")) {
            // picocli may wrap a line after the dot of go1.4
            assertTrue(help(command).replace(" ", "").contains("oneof" + String.join(",", Values.Profiles.names())),
                    command + ": " + help(command));
        }
        for (String p : Values.Profiles.names()) {
            assertEquals(p, Profile.byName(p).name());
        }
    }

    @Test
    void theEngineHelpListsTheRegistryAndEveryOtherFormTheOptionTakes() {
        String registry = Engines.providers().stream().map(StackEngineProvider::name).collect(Collectors.joining(", "));
        for (String command : List.of("run", "check", "explore")) {
            String h = help(command);
            assertTrue(h.contains("any of " + registry), command + ": " + h);
            assertTrue(h.contains("fault:ID"), command + ": " + h);
        }
        assertTrue(help("run").contains("proc:COMMAND") && help("check").contains("NAME.json"));
        assertTrue(help("explore").contains("Outside engines cannot be explored"));
        Cli r = Cli.run("explore", "--engine", "proc:cat", "--depth", "1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("outside engines cannot be explored: proc:cat"), r.err());
    }

    /** Each bounded option: the bound its help states, and a value just past it refused naming the option. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run      | --max-steps    | 0     | at least 1",
        "run      | --max-stack    | 0     | in bytes, 1 to " + EngineOptions.MAX_STACK,
        "run      | --max-stack    | " + (EngineOptions.MAX_STACK + 8) + " | in bytes, 1 to " + EngineOptions.MAX_STACK,
        "run      | --proc-timeout | 0     | a positive number",
        "check    | --tries        | 0     | at least 1",
        "check    | --workers      | -1    | or 0 for one per processor",
        "check    | --shrink-runs  | 0     | at least 1",
        "check    | --shrink-time  | 0     | at least 1",
        "check    | --max-steps    | 0     | at least 1",
        "check    | --shard        | 3/2   | (1 <= I <= N)",
        "explore  | --depth        | 65    | 0 to " + ExploreCommand.MAX_DEPTH,
        "explore  | --workers      | 257   | 1 to 256, or 0 for one per processor",
        "explore  | --max-states   | 0     | at least 1",
        "selftest | --tries        | 0     | at least 1",
    })
    void everyBoundedOptionStatesItsBoundAndHoldsToIt(String command, String option, String bad, String stated) {
        String h = help(command);
        int at = h.lastIndexOf(option + "=");
        assertTrue(at >= 0, option);
        int next = h.indexOf(" --", at + option.length() + 1);
        String text = h.substring(at, next < 0 ? h.length() : next);
        assertTrue(text.contains(stated), command + " " + option + " says: " + text);
        List<String> args = command.equals("run") ? List.of(command, PROGRAM, option, bad)
                : List.of(command, option, bad);
        if (option.equals("--proc-timeout")) {
            args = List.of(command, PROGRAM, "--engine", "proc:cat", option, bad);
        }
        Cli r = Cli.run(args.toArray(new String[0]));
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(option), r.err());
    }

    @Test
    void jsonCommandsPrintAJsonErrorObjectOnBadInput() throws IOException {
        for (String[] args : List.of(
                new String[] {"check", "--json", "--tries", "many"},
                new String[] {"check", "--json", "--no-such-option"},
                new String[] {"check", "--json", "--tries", "0"},
                new String[] {"run", "--json", "no-such-file.stk"},
                new String[] {"run", "--json", PROGRAM, "--engine", "nope"},
                new String[] {"explore", "--json", "--engine", "proc:cat"},
                new String[] {"selftest", "--json", "--tries", "x"},
                new String[] {"validate-trace", "--json", "--profile", "nope", "x.log"})) {
            Cli r = Cli.run(args);
            assertEquals(2, r.status(), Arrays.toString(args));
            JsonNode n = Json.mapper().readTree(r.out());
            assertEquals(2, n.get("status").asInt(), r.out());
            assertEquals(args[0], n.get("command").asText(), r.out());
            assertFalse(n.get("error").asText().isEmpty(), r.out());
            assertTrue(r.err().contains("stackcheck: " + n.get("error").asText()), r.err());
        }
        Cli plain = Cli.run("check", "--tries", "many");
        assertTrue(plain.out().isEmpty(), "without --json nothing on standard output");
        assertTrue(plain.err().contains("usage: stackcheck check"), plain.err());
    }

    @Test
    void badOptionValuesAndUnknownOptionsAreQuotedShortAndEscaped() {
        String raw = "7\u0001" + "9".repeat(10_000);
        for (String[] args : List.of(new String[] {"check", "--tries", raw}, new String[] {"check", "--x" + raw},
                new String[] {"check", "--seed=" + raw}, new String[] {raw})) {
            Cli r = Cli.run(args);
            assertEquals(2, r.status());
            assertFalse(r.err().contains("\u0001"), r.err());
            assertTrue(r.err().contains("7\\u0001999"), r.err());
            assertTrue(r.err().lines().allMatch(l -> l.length() < 500), r.err());
        }
    }

    @Test
    void theVersionIsTheBuildsAndTheSameEverywhere() {
        Cli v = Cli.run("--version");
        Cli sub = Cli.run("check", "--version");
        assertEquals(v.out(), sub.out());
        assertEquals("stackcheck " + dev.stackcheck.report.StandardReport.version(), v.out().trim());
        assertFalse(v.out().contains("unknown"));
    }
}
