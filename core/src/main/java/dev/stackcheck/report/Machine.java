package dev.stackcheck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.lang3.SystemUtils;

/** A one-line description of the machine and JVM a report or benchmark ran on. */
public final class Machine {

    private Machine() {
    }

    /** "Linux 6.1 amd64, 2 cores (CPU model), 23 GiB, OpenJDK 64-Bit Server VM 17.0.15". */
    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        return SystemUtils.OS_NAME + " " + SystemUtils.OS_VERSION + " " + SystemUtils.OS_ARCH + ", "
                + rt.availableProcessors() + " cores" + cpu() + ", max heap " + Page.bytes(rt.maxMemory()) + ", " + jvm();
    }

    /** The JVM's name and version. */
    public static String jvm() {
        return SystemUtils.JAVA_VM_NAME + " " + SystemUtils.JAVA_VM_VERSION;
    }

    private static String cpu() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return " (" + l.substring(l.indexOf(':') + 1).trim() + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }
}
