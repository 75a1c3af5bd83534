package org.kmemlab.grader.autograder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.kmemlab.grader.ManifestParser;

/**
 * Writes a Gradescope autograder zip for one assignment:
 *
 * <pre>
 *   setup.sh                      Gradescope runs it once (bash setup.sh) when it builds the image
 *   run_autograder                Gradescope runs it for each submission (copied to /autograder/run_autograder)
 *   assignment/...                the assignment directory (hidden files and target/ directories left out)
 *   kmemlab/lib/*.jar             kmemlab itself: the cli jar and its dependencies (java -cp 'kmemlab/lib/*')
 *   kmemlab/VERSION               the kmemlab version (the version of kmemlab-api setup.sh installs for Maven builds)
 * </pre>
 *
 * java.util.zip cannot store unix permissions, so no entry is executable when unzipped: setup.sh makes
 * run_autograder executable (Gradescope runs setup.sh with bash, which needs no permission). Entries carry a fixed
 * time, so the same inputs give the same zip.
 */
public final class AutograderPackage {
    /** The scripts, as resources next to this class. */
    public static final List<String> SCRIPTS = List.of("setup.sh", "run_autograder");

    /** 2010-05-16, the day Linux 2.6.34 was released: every entry's time. */
    private static final long ENTRY_TIME = 1273968000000L;

    private static final Pattern MODULE_CLASSES = Pattern.compile(".*/([^/]+)/target/(?:classes)/?$");
    private static final Pattern FIRST_VERSION = Pattern.compile("<version>([^<]+)</version>");

    private AutograderPackage() {
    }

    /**
     * Writes the zip. {@code classPath} is kmemlab's class path: jars are copied as they are, a directory of
     * classes is packed into a jar (a Maven module's {@code target/classes} becomes {@code MODULE-VERSION.jar}).
     * The assignment is checked with {@link ManifestParser} first (a bad manifest throws {@link IllegalArgumentException}).
     *
     * @return the names of the entries written, in order
     */
    public static List<String> write(Path assignment, List<Path> classPath, Path zip) throws IOException {
        ManifestParser.read(assignment);
        String version = version(classPath);
        if (version == null) {
            throw new IllegalArgumentException("kmemlab's class path has no kmemlab-api jar or classes to bundle");
        }
        Map<String, byte[]> lib = new LinkedHashMap<>();
        for (Path p : classPath) {
            if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")) {
                lib.putIfAbsent(p.getFileName().toString(), Files.readAllBytes(p));
            } else if (Files.isDirectory(p)) {
                lib.putIfAbsent(jarNameOf(p, version), jarOf(p));
            }
        }
        if (lib.keySet().stream().noneMatch(n -> n.startsWith("kmemlab-cli"))) {
            throw new IllegalArgumentException("kmemlab's class path has no kmemlab-cli jar or classes to bundle");
        }
        List<String> names = new ArrayList<>();
        Path parent = zip.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".autograder", ".zip");
        try {
            try (OutputStream fo = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(fo)) {
                for (String s : SCRIPTS) {
                    put(z, s, script(s), names);
                }
                for (Path f : assignmentFiles(assignment)) {
                    String rel = assignment.relativize(f).toString().replace('\\', '/');
                    put(z, "assignment/" + rel, Files.readAllBytes(f), names);
                }
                for (Map.Entry<String, byte[]> e : lib.entrySet()) {
                    put(z, "kmemlab/lib/" + e.getKey(), e.getValue(), names);
                }
                put(z, "kmemlab/VERSION", (version + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), names);
            }
            Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return List.copyOf(names);
    }

    /**
     * The class path to bundle. From a built kmemlab ({@code codeSource} is the cli jar): that jar and every jar
     * of the {@code lib/} directory next to it, as scripts/kmemlab runs it. From classes (a development run or a
     * test): the entries of {@code javaClassPath} that exist, without test classes and test libraries.
     */
    public static List<Path> classPath(Path codeSource, String javaClassPath) throws IOException {
        List<Path> out = new ArrayList<>();
        if (codeSource != null && Files.isRegularFile(codeSource) && codeSource.toString().endsWith(".jar")) {
            out.add(codeSource);
            Path lib = codeSource.toAbsolutePath().getParent().resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> s = Files.list(lib)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                }
            }
            return out;
        }
        for (String e : javaClassPath.split(java.io.File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            Path p = Path.of(e);
            String n = p.getFileName() == null ? "" : p.getFileName().toString();
            if (!Files.exists(p) || n.equals("test-classes") || TEST_LIBRARY.matcher(n).lookingAt()) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    private static final Pattern TEST_LIBRARY = Pattern.compile(
        "(junit|opentest4j|apiguardian|surefire|hamcrest|mockito|assertj|byte-buddy|objenesis)");

    /** kmemlab's version: that of the kmemlab-api jar (or module classes) on the class path; null if there is none. */
    static String version(List<Path> classPath) {
        for (Path p : classPath) {
            String n = p.getFileName() == null ? "" : p.getFileName().toString();
            if (Files.isRegularFile(p) && n.startsWith("kmemlab-api-") && n.endsWith(".jar")) {
                return n.substring("kmemlab-api-".length(), n.length() - 4);
            }
            if (Files.isDirectory(p)) {
                String j = jarNameOf(p, "unknown");
                if (j.startsWith("kmemlab-api-")) {
                    return j.substring("kmemlab-api-".length(), j.length() - 4);
                }
            }
        }
        return null;
    }

    /** The text of one of the {@link #SCRIPTS}. */
    public static byte[] script(String name) throws IOException {
        try (InputStream in = AutograderPackage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /**
     * The version of a Maven module's {@code target/classes}: the first {@code <version>} of the module's pom (the
     * parent's, in kmemlab's modules), or {@code fallback}.
     */
    static String jarNameOf(Path dir, String fallback) {
        Matcher m = MODULE_CLASSES.matcher(dir.toAbsolutePath().normalize().toString().replace('\\', '/'));
        if (!m.matches()) {
            return "classes-" + Integer.toHexString(dir.toAbsolutePath().normalize().toString().hashCode()) + ".jar";
        }
        String v = fallback;
        Path pom = dir.toAbsolutePath().normalize().getParent().getParent().resolve("pom.xml");
        try {
            Matcher vm = FIRST_VERSION.matcher(Files.readString(pom));
            if (vm.find()) {
                v = vm.group(1).trim();
            }
        } catch (IOException e) {
            // keep the fallback
        }
        return m.group(1) + "-" + v + ".jar";
    }

    private static byte[] jarOf(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes); Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
                e.setTime(ENTRY_TIME);
                z.putNextEntry(e);
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Every regular file of the assignment, sorted; hidden files and directories and {@code target/} left out. */
    static List<Path> assignmentFiles(Path assignment) throws IOException {
        try (Stream<Path> s = Files.walk(assignment)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                Path rel = assignment.relativize(f);
                for (Path part : rel) {
                    String n = part.toString();
                    if (n.startsWith(".") || n.equals("target")) {
                        return false;
                    }
                }
                return true;
            }).sorted().toList();
        }
    }

    private static void put(ZipOutputStream z, String name, byte[] data, List<String> names) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(ENTRY_TIME);
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
        names.add(name);
    }
}
