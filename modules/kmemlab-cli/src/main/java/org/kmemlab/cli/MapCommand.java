package org.kmemlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.view.MapOptions;
import org.kmemlab.kernel.view.MemoryMapModel;
import org.kmemlab.kernel.view.MemoryMapPng;
import org.kmemlab.kernel.view.MemoryMapSvg;
import org.kmemlab.kernel.view.MemoryMapText;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab map}: the physical memory map of a machine, as text, SVG or PNG (docs/map.md). */
@Command(name = "map", mixinStandardHelpOptions = true,
    description = "Print a map of physical memory per zone: one character per block of 2^k frames (free blocks by"
        + " order, allocated, slab, page tables, vmalloc, ...), of a freshly booted machine or of the machine a"
        + " scenario left.",
    footer = {"", "Examples:", "  kmemlab map", "  kmemlab map --ram 64M --zone DMA32 --block-order 2",
        "  kmemlab map --run examples/scenarios/20-see-the-machine.js --svg map.svg --png map.png"})
public final class MapCommand implements Callable<Integer> {
    @Mixin
    MachineOptionsMixin machine = new MachineOptionsMixin();

    @Option(names = "--run", paramLabel = "FILE", description = "run this scenario first and map the machine its last test left")
    Path run;

    @Option(names = "--zone", paramLabel = "NAME", description = "map this zone only (DMA, DMA32, Normal, HighMem)")
    String zone;

    @Option(names = "--block-order", paramLabel = "K", description = "one character per 2^K frames (default: the smallest K that fits a zone in 64 rows)")
    Integer blockOrder;

    @Option(names = "--width", paramLabel = "N", defaultValue = "64", description = "characters per row (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--svg", paramLabel = "FILE", description = "also write the map as an SVG picture")
    Path svg;

    @Option(names = "--png", paramLabel = "FILE", description = "also write the map as a PNG picture")
    Path png;

    @Option(names = "--color", negatable = true, description = "ANSI colours (default: on a terminal without NO_COLOR)")
    Boolean color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return map();
        } catch (IllegalArgumentException | ScenarioRunner.BadScenario e) {
            err.println("kmemlab: " + e.getMessage());
            err.flush();
            return Main.BAD_INPUT;
        }
    }

    private int map() {
        MapOptions o = new MapOptions(zone, blockOrder == null ? -1 : blockOrder, width,
            color != null ? color : Style.detect().color());
        MachineConfig config = machine.config();
        Kernel k = run == null ? Machine.boot(config) : lastMachine(config);
        MemoryMapModel m = MemoryMapModel.of(k, o);
        long pageSize = k.profile().pageSize;
        PrintWriter out = spec.commandLine().getOut();
        out.print(MemoryMapText.render(m, o.color(), pageSize));
        try {
            if (svg != null) {
                Files.writeString(svg, MemoryMapSvg.render(m, pageSize));
                out.println("wrote " + svg);
            }
            if (png != null) {
                if (!javax.imageio.ImageIO.write(MemoryMapPng.render(m, pageSize), "png", png.toFile())) {
                    throw new IllegalArgumentException("no PNG writer in this JVM");
                }
                out.println("wrote " + png);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + (e.getMessage() == null ? e : e.getMessage()));
        }
        out.flush();
        return Main.OK;
    }

    /** Runs the scenario and keeps the last machine it booted (a fresh one when it booted none). */
    private Kernel lastMachine(MachineConfig config) {
        if (!Files.isRegularFile(run)) {
            throw new IllegalArgumentException(run + ": no such file");
        }
        Kernel[] last = new Kernel[1];
        ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(config,
            ScenarioRunner.Options.defaults().timeoutMillis(), ScenarioRunner.Options.defaults().statementLimit()));
        runner.observe(new RunObserver() {
            @Override
            public Kernel machineBooted(MachineConfig c, Kernel kernel) {
                last[0] = kernel;
                return kernel;
            }
        });
        org.kmemlab.script.ScenarioResult r = runner.run(run);
        if (r.error() != null && last[0] == null) {
            throw new IllegalArgumentException(run + ": " + r.error());
        }
        return last[0] != null ? last[0] : Machine.boot(config);
    }
}
