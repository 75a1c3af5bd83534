package org.kmemlab.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.kernel.ModuleRegistry;

/** Every built-in module passes its slot's contract (SLOB only warns about the double kfree it cannot see). */
class BuiltInModulesTest {
    static final Conformance KIT = new Conformance(new ModuleRegistry(BuiltInModulesTest.class.getClassLoader()),
        Duration.ofSeconds(60));

    @ParameterizedTest(name = "{0}={1} on {2}")
    @CsvSource({
        "buddy, linux, x86_64", "buddy, linux, i386",
        "slab, slub, x86_64", "slab, slab, x86_64", "slab, slob, x86_64", "slab, slub, i386",
        "vmalloc, linux, x86_64", "vmalloc, linux, i386",
        "mmu, x86_64, x86_64", "mmu, i386, i386", "mmu, i386-pae, i386",
        "physmem, flat, x86_64", "physmem, flat, i386"})
    void passes(String slot, String module, String profile) {
        Slot s = Slot.parse(slot);
        List<CheckResult> results = KIT.run(s, module, MachineConfig.defaults().withProfile(profile));
        String report = results.stream().map(CheckResult::line).collect(Collectors.joining("\n"));
        assertEquals(Conformance.checkNames(s), results.stream().map(CheckResult::check).toList(), "every check ran, in order");
        assertTrue(results.stream().noneMatch(CheckResult::failed), report);
        for (CheckResult r : results) {
            // SLOB has no debugging, but the check's lone object empties its page, so the second kfree() reaches
            // put_page() of a free page: put_page_testzero's VM_BUG_ON reports it on a debug machine, as in the kernel
            assertEquals(CheckResult.Status.PASS, r.status(), r.line());
        }
    }

    @ParameterizedTest(name = "{0}={1} with {2}")
    @CsvSource({
        "buddy, linux, --no-debug", "buddy, linux, --pcp --mobility", "buddy, linux, --ram 64M",
        "buddy, linux, --profile i386 --ram 32M", "buddy, linux, --page-size 8K", "buddy, linux, --page-size 64K",
        "slab, slab, --no-debug --pcp", "slab, slub, --no-debug --pcp --mobility", "slab, slob, --ram 32M",
        "slab, slob, --page-size 64K",
        "physmem, flat, --page-size 64K", "vmalloc, linux, --no-debug --pcp", "mmu, x86_64, --no-debug"})
    void passesOnOtherMachines(String slot, String module, String options) {
        MachineConfig c = MachineConfig.defaults();
        String[] o = options.split(" ");
        for (int i = 0; i < o.length; i++) {
            c = switch (o[i]) {
                case "--no-debug" -> c.withDebug(false);
                case "--pcp" -> c.withPcp(true);
                case "--mobility" -> c.withMobility(true);
                case "--ram" -> c.withRam(org.kmemlab.api.Profile.parseSize("ram", o[++i]));
                case "--profile" -> c.withProfile(o[++i]);
                case "--page-size" -> c.withPageSize((int) org.kmemlab.api.Profile.parseSize("page size", o[++i]));
                default -> throw new IllegalArgumentException(o[i]);
            };
        }
        List<CheckResult> results = KIT.run(Slot.parse(slot), module, c);
        String report = results.stream().map(CheckResult::line).collect(Collectors.joining("\n"));
        assertTrue(results.stream().noneMatch(CheckResult::failed), report);
    }
}
