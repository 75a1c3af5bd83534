package org.kmemlab.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.kmemlab.api.SlotModule;
import org.kmemlab.kernel.Machine;

/**
 * Builds small plugin jars for the tests: Java sources compiled with the system compiler against the API,
 * Guice and (for the plugin that reaches for internals) kmemlab's kernel classes, then packed with a
 * {@code META-INF/services/org.kmemlab.api.SlotModule} file.
 */
final class PluginJars {
    private final Path work;
    private int builds;

    PluginJars(Path work) {
        this.work = work;
    }

    /** A jar {@code dir/name} from {className → source}, with a services file listing {@code services}. */
    Path jar(Path dir, String name, Map<String, String> sources, String... services) throws IOException {
        Path classes = compile(sources);
        Path jar = dir.resolve(name);
        Files.createDirectories(dir);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            if (services.length > 0) {
                out.putNextEntry(new JarEntry("META-INF/services/" + SlotModule.class.getName()));
                out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A file named like a jar that is not a zip. */
    static Path notAZip(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), "this is not a zip file\n");
    }

    private Path compile(Map<String, String> sources) throws IOException {
        Path src = work.resolve("src" + builds);
        Path out = work.resolve("classes" + builds);
        builds++;
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", out.toString(),
            "-cp", classPath()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "no system Java compiler (run the tests on a JDK)");
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        assertTrue(rc == 0, "test plugin sources do not compile (javac output above)");
        return out;
    }

    /** Where the API, Guice, jakarta.inject and kmemlab's kernel classes come from in this test run. */
    private static String classPath() {
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(SlotModule.class, com.google.inject.Module.class, jakarta.inject.Inject.class,
            Machine.class)) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, cp);
    }

    /** Java source of a buddy-slot module {@code pkg.cls} named {@code name} whose module() is {@code moduleBody}. */
    static String module(String pkg, String cls, String name, String moduleBody) {
        return "package " + pkg + ";\n"
            + "import com.google.inject.AbstractModule;\n"
            + "import com.google.inject.Module;\n"
            + "import org.kmemlab.api.PageAllocator;\n"
            + "import org.kmemlab.api.Slot;\n"
            + "import org.kmemlab.api.SlotModule;\n"
            + "public final class " + cls + " implements SlotModule {\n"
            + "  public Slot slot() { return Slot.BUDDY; }\n"
            + "  public String name() { return " + name + "; }\n"
            + "  public String description() { return \"test plugin\"; }\n"
            + "  public Module module() {\n" + moduleBody + "\n  }\n"
            + "}\n";
    }

    /** A module() body that binds PageAllocator to a provider never called (enough to register). */
    static final String BINDS_PROVIDER = "return new AbstractModule() { protected void configure() {\n"
        + "  bind(PageAllocator.class).toProvider((com.google.inject.Provider<PageAllocator>) () -> null);\n"
        + "} };";
}
