package org.kmemlab.script.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.CallRecord;
import org.kmemlab.kernel.trace.RecordingKernel;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;

/** The scenario the report tests run, and helpers to read a written report back. */
final class ReportFixture {
    private ReportFixture() {
    }

    /**
     * Line 3 allocates an order-2 block (so freeing it returns it to the buddy lists, not a per-CPU list), line 6
     * frees it; the second test dies of a double free (a KernelBug) so the report has a failure to show.
     */
    static final String SCENARIO = ""
        + "test('alloc and free a block', () => {\n"
        + "  const k = kmalloc(100, GFP_KERNEL);\n"
        + "  const page = alloc_pages(GFP_KERNEL, 2);\n"
        + "  const v = vmalloc(3 * PAGE_SIZE);\n"
        + "  get_page(page);\n"
        + "  put_page(page);\n"
        + "  __free_pages(page, 2);\n"
        + "  vfree(v);\n"
        + "  kfree(k);\n"
        + "});\n"
        + "test('double free', () => {\n"
        + "  const p = alloc_page(GFP_KERNEL);\n"
        + "  __free_page(p);\n"
        + "  __free_page(p);\n"
        + "});\n";

    /** {@link #SCENARIO} on a 64 MiB machine: 16,384 frames drawn 6 px each, which reads well in a screenshot. */
    static final String SCENARIO_64M = SCENARIO.replace("test('alloc and free a block', () => {\n",
        "test('alloc and free a block', () => {\n  machine({ ram: \"64M\" });\n");

    /** A report written from {@link #SCENARIO}, and the calls a second observer counted. */
    record Written(Path html, ScenarioResult result, List<CallRecord> calls) {
        String text() throws IOException {
            return Files.readString(html, StandardCharsets.UTF_8);
        }

        JsonNode data() throws IOException {
            return ReportFixture.data(text());
        }
    }

    static Written write(Path html, String name, String scenario) {
        List<CallRecord> calls = new ArrayList<>();
        RunObserver counter = new RunObserver() {
            @Override
            public Kernel machineBooted(MachineConfig config, Kernel kernel) {
                return RecordingKernel.wrap(kernel, () -> null, calls::add);
            }
        };
        ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults())
            .observe(RunObserver.all(List.of(ReportObserver.forFile(html), counter)))
            .run(name, scenario);
        return new Written(html, r, calls);
    }

    static JsonNode data(String html) throws IOException {
        String open = "<script type=\"application/json\" id=\"data\">";
        int a = html.indexOf(open);
        int b = html.indexOf("</script>", a);
        return new ObjectMapper().readTree(html.substring(a + open.length(), b));
    }

    /** The step (index into steps) whose call starts with {@code prefix}; the first one from {@code from}. */
    static int stepOf(JsonNode data, String prefix, int from) {
        JsonNode steps = data.get("steps");
        for (int i = from; i < steps.size(); i++) {
            if (steps.get(i).get("call").asText().startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no step " + prefix + " in " + steps);
    }

    /** The pfn of an {@code alloc_pages} step's result ("pfn N"). */
    static int resultPfn(JsonNode step) {
        return Integer.parseInt(step.get("result").asText().replace("pfn ", ""));
    }

    /** The code a step's delta gives {@code pfn}, or -1 when the step did not change it. */
    static int deltaCode(JsonNode step, int pfn) {
        JsonNode d = step.get("d");
        for (int k = 0; k < d.size(); k += FrameState.DELTA_STRIDE) {
            if (d.get(k).asInt() == pfn) {
                return d.get(k + 1).asInt();
            }
        }
        return -1;
    }
}
