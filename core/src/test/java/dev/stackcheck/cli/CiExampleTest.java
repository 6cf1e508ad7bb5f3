package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** examples/ci/github-actions.yml runs commands stackcheck takes, over shards that cover the run once. */
class CiExampleTest {

    private static final Path WORKFLOW = Path.of("examples", "ci", "github-actions.yml");

    private static String value(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^\\s+" + key + ": \"([^\"]*)\"$").matcher(yaml);
        assertTrue(m.find(), key);
        return m.group(1);
    }

    /** The stackcheck command of the step, as the shell of shard {@code shard} splits it into words. */
    private static List<String> command(String yaml, int shard) {
        Matcher m = Pattern.compile("(?s)run: >-\\n(.*?)\\n\\s+- name:").matcher(yaml);
        assertTrue(m.find(), "a folded run: >- step");
        String line = m.group(1).replaceAll("\\s+", " ").trim();
        for (Map.Entry<String, String> e : Map.of("${{ matrix.shard }}", Integer.toString(shard),
                "$ENGINE", value(yaml, "ENGINE"), "$SEED", value(yaml, "SEED"), "$TRIES", value(yaml, "TRIES"),
                "$SHARDS", value(yaml, "SHARDS")).entrySet()) {
            line = line.replace(e.getKey(), e.getValue());
        }
        List<String> words = new ArrayList<>();
        for (String w : line.split(" ")) {
            words.add(w.replace("\"", ""));
        }
        return words;
    }

    @Test
    void everyShardRunsACheckCommandStackcheckTakes() throws IOException {
        String yaml = Files.readString(WORKFLOW);
        int shards = Integer.parseInt(value(yaml, "SHARDS"));
        Matcher matrix = Pattern.compile("shard: \\[([0-9, ]+)]").matcher(yaml);
        assertTrue(matrix.find());
        List<Integer> listed = new ArrayList<>();
        for (String s : matrix.group(1).split(",")) {
            listed.add(Integer.parseInt(s.trim()));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= shards; i++) {
            all.add(i);
        }
        assertEquals(all, listed, "the matrix runs every shard 1..SHARDS once");
        for (int shard : listed) {
            List<String> words = command(yaml, shard);
            assertEquals(List.of("./stackcheck", "check"), words.subList(0, 2));
            CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            CommandLine.ParseResult r = cl.parseArgs(words.subList(1, words.size()).toArray(new String[0]));
            CommandLine.ParseResult check = r.subcommand();
            assertEquals("check", check.commandSpec().name());
            assertEquals(shard + "/" + shards, check.matchedOptionValue("--shard", ""));
            assertEquals(value(yaml, "SEED"), Long.toString(check.matchedOptionValue("--seed", 0L)));
            assertTrue(check.hasMatchedOption("--junit") && check.hasMatchedOption("--out"));
        }
    }

    @Test
    void itUploadsTheJUnitXmlAndTheCounterexamplesTheCheckWrites() throws IOException {
        String yaml = Files.readString(WORKFLOW);
        List<String> words = command(yaml, 1);
        String out = words.get(words.indexOf("--out") + 1);
        String junit = words.get(words.indexOf("--junit") + 1);
        assertTrue(yaml.contains(out + "/counterexample.stk") && yaml.contains(out + "/failures/"), yaml);
        assertTrue(junit.startsWith(out + "/junit-shard-") && yaml.contains(out + "/junit-shard-*.xml"), junit);
        assertTrue(yaml.contains("report_paths: \"**/junit-shard-*.xml\""));
    }
}
