package org.kmemlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.kmemlab.api.SlotModule;

/**
 * Tiny buddy-slot plugin jars that misbehave when the machine asks for its page allocator: compiled with the
 * system compiler (as modules/kmemlab-kernel's PluginJars does) and packed with a services file.
 */
final class TestJars {
    private TestJars() {
    }

    /**
     * A jar whose buddy module "bad" boots (it takes the boot hand-over and forgets it) and runs {@code body} (Java
     * statements returning a long) at the first allocPages.
     */
    static Path jar(Path work, Path jar, String body) throws IOException {
        String cls = "bad.BadModule";
        String src = "package bad;\n"
            + "import com.google.inject.AbstractModule;\n"
            + "import com.google.inject.Module;\n"
            + "import org.kmemlab.api.PageAllocator;\n"
            + "import org.kmemlab.api.Slot;\n"
            + "import org.kmemlab.api.SlotModule;\n"
            + "public final class BadModule implements SlotModule {\n"
            + "  public Slot slot() { return Slot.BUDDY; }\n"
            + "  public String name() { return \"bad\"; }\n"
            + "  public String description() { return \"misbehaves\"; }\n"
            + "  static PageAllocator make() {\n"
            + "    return new PageAllocator() {\n"
            + "      public long allocPages(int gfp, int order) {\n" + body + "\n      }\n"
            + "      public void freePages(long pfn, int order, boolean cold) { }\n"
            + "      public void freeBootmem(long pfn, int order) { }\n"
            + "      public void bootComplete() { }\n"
            + "      public void drainAllPages() { }\n"
            + "      public long nrFree(int zone, int order) { return 0; }\n"
            + "      public int[] pcp(int zone) { return new int[] {0, 0, 1}; }\n"
            + "    };\n"
            + "  }\n"
            + "  public Module module() {\n"
            + "    return new AbstractModule() { protected void configure() {\n"
            + "      bind(PageAllocator.class).toProvider((com.google.inject.Provider<PageAllocator>) BadModule::make);\n"
            + "    } };\n"
            + "  }\n"
            + "}\n";
        Path dir = Files.createTempDirectory(work, "jar");
        Path f = dir.resolve("src/bad/BadModule.java");
        Files.createDirectories(f.getParent());
        Files.writeString(f, src);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(), "-cp",
            classPath(), f.toString()));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + SlotModule.class.getName()));
            out.write((cls + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static String classPath() {
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(SlotModule.class, com.google.inject.Module.class, jakarta.inject.Inject.class)) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, cp);
    }
}
