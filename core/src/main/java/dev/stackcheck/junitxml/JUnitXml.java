package dev.stackcheck.junitxml;

import dev.stackcheck.check.Invariant;
import dev.stackcheck.gen.CheckFailure;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.gen.Selftest;
import dev.stackcheck.select.ReplayCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes check and selftest results as JUnit XML: a {@code testsuites} element holding one
 * {@code testsuite}, whose {@code testcase}s are, for a check, every engine × every invariant that applies
 * to its kind (class name {@code stackcheck.check.ENGINE}, name the invariant's ID and title), and for a
 * selftest, every fault (class name {@code stackcheck.selftest.ENGINE}, name the fault's id). A broken
 * invariant, an engine that checked nothing and an uncaught fault are {@code failure} elements whose text
 * is the shrunk program and the command that replays it.
 *
 * <p>Invariant: the counts of the suite's attributes are those of its test cases, and every character
 * written is one XML 1.0 allows (others are written as {@code \\uXXXX}).
 */
public final class JUnitXml {

    private JUnitXml() {
    }

    /** One test case: its class name, name, and the failure's type, message and text (all null: it passed). */
    record Case(String className, String name, String failureType, String message, String text) {
        boolean failed() {
            return failureType != null;
        }
    }

    /** Writes a check's JUnit XML to {@code file}. */
    public static void writeCheck(Path file, CheckReport report, List<CheckTarget> targets) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seed", Long.toString(report.seed()));
        props.put("shard", report.shard() + "/" + report.shards());
        props.put("programs", Long.toString(report.programs()));
        props.put("savedReplayed", Long.toString(report.savedReplayed()));
        write(file, "stackcheck check seed " + report.seed() + " shard " + report.shard() + "/" + report.shards(),
                report.elapsedMs(), props, checkCases(report, targets));
    }

    /** Writes a selftest's JUnit XML to {@code file}. */
    public static void writeSelftest(Path file, Selftest.Report report) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seed", Long.toString(report.seed()));
        props.put("tries", Long.toString(report.tries()));
        write(file, "stackcheck selftest seed " + report.seed(), report.randomMs() + report.scenarioMs(), props,
                selftestCases(report));
    }

    static List<Case> checkCases(CheckReport report, List<CheckTarget> targets) {
        List<Case> cases = new ArrayList<>();
        List<String> unchecked = report.unchecked();
        for (CheckTarget t : targets) {
            String className = "stackcheck.check." + t.name();
            List<CheckFailure> own = report.failures().stream().filter(f -> f.target().name().equals(t.name()))
                    .toList();
            List<String> named = new ArrayList<>();
            for (Invariant inv : Invariant.applyingTo(t.kind())) {
                named.add(inv.id());
                CheckFailure f = own.stream().filter(x -> x.invariant().equals(inv.id())).findFirst().orElse(null);
                cases.add(checkCase(className, inv.id() + " " + inv.title(), f, report, t, unchecked));
            }
            for (CheckFailure f : own) {
                if (!named.contains(f.invariant())) {
                    cases.add(checkCase(className, f.invariant() + " " + f.violation().invariant().title(), f, report,
                            t, unchecked));
                }
            }
        }
        return cases;
    }

    private static Case checkCase(String className, String name, CheckFailure f, CheckReport report, CheckTarget t,
                                  List<String> unchecked) {
        if (f != null) {
            return new Case(className, name, f.invariant(), f.violation().summary(), f.message(report.seed()));
        }
        if (unchecked.contains(t.name())) {
            String why = t.name() + " refused all " + report.programs() + " programs, so it checked nothing";
            return new Case(className, name, "unchecked", why, why + "\n");
        }
        return new Case(className, name, null, null, null);
    }

    static List<Case> selftestCases(Selftest.Report report) {
        List<Case> cases = new ArrayList<>();
        for (Selftest.FaultResult f : report.faults()) {
            String className = "stackcheck.selftest." + f.base();
            if (f.caught()) {
                cases.add(new Case(className, f.id(), null, null, null));
                continue;
            }
            String why = "fault " + f.id() + " (expected to break " + f.expectedInvariant() + ") was not caught by "
                    + f.tries() + " random programs" + (f.note() != null ? ": " + f.note() : "");
            String replay = "./stackcheck selftest --seed " + report.seed() + " --tries " + report.tries();
            String alone = "./stackcheck check --engine " + ReplayCommand.quote("fault:" + f.id()) + " --seed "
                    + report.seed() + " --tries " + report.tries() + " --no-replay";
            cases.add(new Case(className, f.id(), "not caught", why, why + "\nreplay: " + replay
                    + "\nsearch with this fault alone (the check's own generator): " + alone + "\n"
                    + (f.caughtByScenarios() ? "example scenarios that catch it: " + String.join(", ", f.scenarios())
                    + "\n" : "")));
        }
        return cases;
    }

    private static void write(Path file, String suite, long millis, Map<String, String> props, List<Case> cases)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            try {
                write(w, suite, millis, props, cases);
            } finally {
                w.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(XMLStreamWriter w, String suite, long millis, Map<String, String> props,
                              List<Case> cases) throws XMLStreamException {
        long failures = cases.stream().filter(Case::failed).count();
        String time = String.format(Locale.ROOT, "%.3f", millis / 1000.0);
        w.writeStartDocument("UTF-8", "1.0");
        w.writeCharacters("\n");
        w.writeStartElement("testsuites");
        w.writeAttribute("name", clean(suite));
        w.writeAttribute("tests", Integer.toString(cases.size()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", "0");
        w.writeAttribute("time", time);
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", clean(suite));
        w.writeAttribute("tests", Integer.toString(cases.size()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", "0");
        w.writeAttribute("skipped", "0");
        w.writeAttribute("time", time);
        w.writeCharacters("\n    ");
        w.writeStartElement("properties");
        for (Map.Entry<String, String> p : props.entrySet()) {
            w.writeCharacters("\n      ");
            w.writeEmptyElement("property");
            w.writeAttribute("name", p.getKey());
            w.writeAttribute("value", clean(p.getValue()));
        }
        w.writeCharacters("\n    ");
        w.writeEndElement();
        for (Case c : cases) {
            w.writeCharacters("\n    ");
            if (!c.failed()) {
                w.writeEmptyElement("testcase");
                caseAttributes(w, c);
                continue;
            }
            w.writeStartElement("testcase");
            caseAttributes(w, c);
            w.writeCharacters("\n      ");
            w.writeStartElement("failure");
            w.writeAttribute("type", clean(c.failureType()));
            w.writeAttribute("message", clean(c.message()));
            w.writeCharacters(clean(c.text()));
            w.writeEndElement();
            w.writeCharacters("\n    ");
            w.writeEndElement();
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndDocument();
    }

    private static void caseAttributes(XMLStreamWriter w, Case c) throws XMLStreamException {
        w.writeAttribute("classname", clean(c.className()));
        w.writeAttribute("name", clean(c.name()));
        w.writeAttribute("time", "0");
    }

    /** {@code text} with every character XML 1.0 does not allow written as {@code \\uXXXX}. */
    static String clean(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (allowed) {
                s.appendCodePoint(c);
            } else {
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            }
        });
        return s.toString();
    }
}
