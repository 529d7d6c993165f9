package org.syslets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of impl are layers (docs/architecture.md): a package may use only the packages below
 * it, so there is no package cycle and no upward import. Checked on the compiled classes, not the
 * sources: a class file names every class it uses in its constant pool (imports, fully qualified
 * names, signatures), so a reference an import scan would miss is seen. The one blind spot is a
 * compile-time constant, which javac copies into its user. A small constant-pool reader instead
 * of ArchUnit: one rule, no dependency to pin and keep.
 */
class LayersTest {
    /** Lowest first. A new package must be placed here: an unlisted one fails. */
    static final List<String> LAYERS = List.of("design", "linux", "abi", "kernel", "user");

    private static final Pattern REF = Pattern.compile("org/syslets/([a-z0-9_/]+)/[A-Za-z0-9_$]+");

    @Test
    void noPackageUsesOneAboveItAndTheScanSeesTheRealEdges() throws IOException {
        Path classes = Path.of("target", "classes", "org", "syslets");
        Map<String, Set<String>> deps = dependencies(classes);
        assertThat(violations(deps)).as("upward or unlisted package references in impl's main classes").isEmpty();
        // The scan is not blind: the edges the layering is about are there.
        assertThat(deps.get("abi")).contains("design");
        assertThat(deps.get("kernel")).contains("design", "linux", "abi");
        assertThat(deps.get("user")).contains("linux", "abi", "kernel");
    }

    @Test
    void theRuleRejectsTheOldCycleAndAnUnplacedPackage() {
        // abi -> kernel was the cycle before Design and Finding moved out of kernel.
        assertThat(violations(Map.of("abi", Set.of("design", "kernel"), "kernel", Set.of("abi"))))
                .containsExactly("abi -> kernel (kernel is above abi)");
        assertThat(violations(Map.of("kernel", Set.of("abi", "kernel/ring")))).containsExactly("kernel -> kernel/ring (not a listed layer)");
        assertThat(violations(Map.of("linux", Set.of("linux", "design")))).isEmpty();
    }

    static List<String> violations(Map<String, Set<String>> deps) {
        List<String> out = new ArrayList<>();
        for (var e : new TreeMap<>(deps).entrySet()) {
            int from = LAYERS.indexOf(e.getKey());
            if (from < 0) {
                out.add(e.getKey() + " (not a listed layer)");
                continue;
            }
            for (String to : new TreeSet<>(e.getValue())) {
                int i = LAYERS.indexOf(to);
                if (i < 0) out.add(e.getKey() + " -> " + to + " (not a listed layer)");
                else if (i > from) out.add(e.getKey() + " -> " + to + " (" + to + " is above " + e.getKey() + ")");
            }
        }
        return out;
    }

    /** package (path below org/syslets) -> the org.syslets packages its classes reference. */
    static Map<String, Set<String>> dependencies(Path root) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('\\', '/');
                Set<String> to = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String s : utf8Constants(f)) {
                    Matcher m = REF.matcher(s);
                    while (m.find()) if (!m.group(1).equals(pkg)) to.add(m.group(1));
                }
            }
        }
        return deps;
    }

    /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4): class names and descriptors live there. */
    static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != 0xCAFEBABE) throw new IOException(classFile + ": not a class file");
            d.readUnsignedShort();
            d.readUnsignedShort();
            int n = d.readUnsignedShort();
            for (int i = 1; i < n; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(d.readUTF());
                    case 7, 8, 16, 19, 20 -> d.skipBytes(2);
                    case 15 -> d.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipBytes(4);
                    case 5, 6 -> {
                        d.skipBytes(8);
                        i++;                     // a long or double takes two entries
                    }
                    default -> throw new IOException(classFile + ": constant pool tag " + tag);
                }
            }
        }
        return out;
    }
}
