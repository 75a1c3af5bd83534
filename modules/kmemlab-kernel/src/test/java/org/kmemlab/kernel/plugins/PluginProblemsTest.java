package org.kmemlab.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * Broken plugins: each problem is one line in {@link ModuleRegistry#problems()} naming the jar and the reason,
 * and everything else still loads. A module that binds but cannot be injected fails at boot, naming itself.
 */
class PluginProblemsTest {
    @TempDir
    Path tmp;

    @Test
    void everyBrokenJarIsOneLineAndTheRestStillLoads() throws IOException {
        PluginJars jars = new PluginJars(tmp.resolve("work"));
        Path dir = tmp.resolve("plugins");
        // jars load in name order, so a-dup.jar provides buddy=dup first and b-dup.jar is the one ignored
        Path dup1 = jars.jar(dir, "a-dup.jar", Map.of("dup1.Mod",
            PluginJars.module("dup1", "Mod", "\"dup\"", PluginJars.BINDS_PROVIDER)), "dup1.Mod");
        Path dup2 = jars.jar(dir, "b-dup.jar", Map.of("dup2.Mod",
            PluginJars.module("dup2", "Mod", "\"dup\"", PluginJars.BINDS_PROVIDER)), "dup2.Mod");
        Path notZip = PluginJars.notAZip(dir, "c-not-a-zip.jar");
        Path noServices = jars.jar(dir, "d-no-services.jar", Map.of("nosvc.Mod",
            PluginJars.module("nosvc", "Mod", "\"nosvc\"", PluginJars.BINDS_PROVIDER)));
        Path missing = jars.jar(dir, "e-missing-class.jar", Map.of("miss.Mod",
            PluginJars.module("miss", "Mod", "\"present\"", PluginJars.BINDS_PROVIDER)), "miss.Gone", "miss.Mod");
        Path throwing = jars.jar(dir, "f-throws.jar", Map.of("thr.Mod", PluginJars.module("thr", "Mod", "\"throws\"",
            "return new AbstractModule() { protected void configure() {\n"
                + "  throw new IllegalStateException(\"no free lists today\");\n} };")), "thr.Mod");
        Path nothing = jars.jar(dir, "g-binds-nothing.jar", Map.of("none.Mod", PluginJars.module("none", "Mod",
            "\"nothing\"", "return new AbstractModule() { protected void configure() { } };")), "none.Mod");
        Path internals = jars.jar(dir, "h-internals.jar", Map.of("inside.Mod", PluginJars.module("inside", "Mod",
            "\"internals\"", "return new AbstractModule() { protected void configure() {\n"
                + "  System.out.println(org.kmemlab.kernel.Machine.class);\n"
                + "  bind(PageAllocator.class).toProvider((com.google.inject.Provider<PageAllocator>) () -> null);\n} };")),
            "inside.Mod");
        Path internalsCtor = jars.jar(dir, "i-internals-ctor.jar", Map.of("insidector.Mod",
            PluginJars.module("insidector", "Mod", "\"internals-ctor\"", PluginJars.BINDS_PROVIDER)
                .replace("public Slot slot()", "public Mod() { org.kmemlab.kernel.Machine.class.getName(); }\n"
                    + "  public Slot slot()")), "insidector.Mod");

        ModuleRegistry r = ModuleRegistry.withPlugins(List.of(dir));
        List<String> problems = r.problems();
        problems.forEach(System.out::println);

        assertEquals(List.of(
            "plugin " + dup2 + ": buddy=dup is already provided by " + dup1 + "; this one is ignored (rename it in the plugin)",
            "plugin " + notZip + ": not a readable jar (" + notAZipReason(problems, notZip) + ")",
            "plugin " + noServices + ": no META-INF/services/org.kmemlab.api.SlotModule in the jar, so it provides"
                + " no module (see examples/plugins/first-fit)",
            "plugin " + missing + ": META-INF/services/org.kmemlab.api.SlotModule names miss.Gone, which is not in the jar",
            "plugin " + throwing + ": module buddy=throws fails to bind: IllegalStateException: no free lists today",
            "plugin " + nothing + ": module buddy=nothing fails to bind: it does not bind org.kmemlab.api.PageAllocator,"
                + " the buddy slot's interface",
            "plugin " + internals + ": module buddy=internals fails to load: it uses org.kmemlab.kernel.Machine, which is"
                + " kmemlab internals; plugins may use only org.kmemlab.api",
            "plugin " + internalsCtor + ": it uses org.kmemlab.kernel.Machine, which is kmemlab internals; plugins may"
                + " use only org.kmemlab.api"), problems);
        for (String p : problems) {
            assertTrue(p.lines().count() == 1, "one line: " + p);
        }

        // everything else loaded: the built-ins, the first buddy=dup, and the good module next to the missing class
        List<String> available = r.available();
        assertTrue(available.containsAll(List.of("physmem=flat", "buddy=linux", "buddy=dup", "buddy=present")), available.toString());
        assertEquals(dup1.toString(), r.lookup(org.kmemlab.api.Slot.BUDDY, "dup").source());
        for (String broken : List.of("buddy=nosvc", "buddy=throws", "buddy=nothing", "buddy=internals", "buddy=internals-ctor")) {
            assertTrue(!available.contains(broken), broken + " must not be registered");
        }
        // and a machine still boots from that registry
        assertEquals("linux", Machine.boot(MachineConfig.defaults().withRam(32L << 20), r).modules().get("buddy"));
    }

    @Test
    void aModuleThatCannotBeInjectedFailsAtBootNamingItselfAndItsJar() throws IOException {
        PluginJars jars = new PluginJars(tmp.resolve("work"));
        Path dir = tmp.resolve("plugins");
        Path jar = jars.jar(dir, "needs.jar", Map.of(
            "needs.Mod", PluginJars.module("needs", "Mod", "\"needs\"",
                "return new AbstractModule() { protected void configure() {\n"
                    + "  bind(PageAllocator.class).to(Impl.class);\n} };"),
            "needs.Impl", "package needs;\n"
                + "public final class Impl implements org.kmemlab.api.PageAllocator {\n"
                + "  @jakarta.inject.Inject public Impl(Wanted w) { }\n"
                + "  public long allocPages(int gfp, int order) { return -1; }\n"
                + "  public void freePages(long pfn, int order, boolean cold) { }\n"
                + "  public void freeBootmem(long pfn, int order) { }\n"
                + "  public void bootComplete() { }\n"
                + "  public void drainAllPages() { }\n"
                + "  public long nrFree(int zone, int order) { return 0; }\n"
                + "  public long nrFreeOfType(int zone, int order, int type) { return 0; }\n"
                + "  public boolean mobility() { return false; }\n"
                + "  public int pageblockMigratetype(long pfn) { return -1; }\n"
                + "  public int[] pcp(int zone) { return new int[3]; }\n"
                + "}\n",
            "needs.Wanted", "package needs; public interface Wanted { }"), "needs.Mod");
        ModuleRegistry r = ModuleRegistry.withPlugins(List.of(dir));
        assertEquals(List.of(), r.problems(), "configure() itself is fine: the problem shows at injector creation");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Machine.boot(MachineConfig.defaults().withRam(32L << 20).withModule("buddy", "needs"), r));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith("module buddy=needs (" + jar + ") failed to bind: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aModuleWhoseAllocatorThrowsWhileConstructedFailsAtBootNamingItselfAndItsJar() throws IOException {
        PluginJars jars = new PluginJars(tmp.resolve("work"));
        Path dir = tmp.resolve("plugins");
        Path jar = jars.jar(dir, "boom.jar", Map.of(
            "boom.Mod", PluginJars.module("boom", "Mod", "\"boom\"",
                "return new AbstractModule() { protected void configure() {\n"
                    + "  bind(PageAllocator.class).to(Impl.class);\n} };"),
            "boom.Impl", "package boom;\n"
                + "public final class Impl implements org.kmemlab.api.PageAllocator {\n"
                + "  @jakarta.inject.Inject public Impl(org.kmemlab.api.PhysMem pm) {\n"
                + "    throw new IllegalStateException(\"zones not ready\"); }\n"
                + "  public long allocPages(int gfp, int order) { return -1; }\n"
                + "  public void freePages(long pfn, int order, boolean cold) { }\n"
                + "  public void freeBootmem(long pfn, int order) { }\n"
                + "  public void bootComplete() { }\n"
                + "  public void drainAllPages() { }\n"
                + "  public long nrFree(int zone, int order) { return 0; }\n"
                + "  public long nrFreeOfType(int zone, int order, int type) { return 0; }\n"
                + "  public boolean mobility() { return false; }\n"
                + "  public int pageblockMigratetype(long pfn) { return -1; }\n"
                + "  public int[] pcp(int zone) { return new int[3]; }\n"
                + "}\n"), "boom.Mod");
        ModuleRegistry r = ModuleRegistry.withPlugins(List.of(dir));
        assertEquals(List.of(), r.problems());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Machine.boot(MachineConfig.defaults().withRam(32L << 20).withModule("buddy", "boom"), r));
        assertEquals("module buddy=boom (" + jar + ") failed to start: ProvisionException: "
            + e.getMessage().substring(e.getMessage().indexOf("ProvisionException: ") + "ProvisionException: ".length()),
            e.getMessage());
        assertTrue(e.getMessage().endsWith("IllegalStateException: zones not ready"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    /** The JDK's wording for a file that is not a zip varies between versions; the line's shape does not. */
    private static String notAZipReason(List<String> problems, Path notZip) {
        String prefix = "plugin " + notZip + ": not a readable jar (";
        for (String p : problems) {
            if (p.startsWith(prefix) && p.endsWith(")")) {
                String reason = p.substring(prefix.length(), p.length() - 1);
                assertTrue(reason.startsWith("ZipException: "), reason);
                return reason;
            }
        }
        return "<missing>";
    }
}
