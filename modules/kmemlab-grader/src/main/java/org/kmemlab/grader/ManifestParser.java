package org.kmemlab.grader;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.grader.Manifest.Compare;
import org.kmemlab.grader.Manifest.ConformanceSpec;
import org.kmemlab.grader.Manifest.Kind;
import org.kmemlab.grader.Manifest.Limits;
import org.kmemlab.grader.Manifest.MutantSpec;
import org.kmemlab.grader.Manifest.TestSpec;
import org.kmemlab.kernel.MachineOptions;

/**
 * Reads {@code assignment.json}. Unknown fields and bad values are an {@link IllegalArgumentException} with one
 * line naming the field ({@code assignment.json: limits.wallSeconds must be a whole number from 1 to 86400, got -1}).
 */
public final class ManifestParser {
    public static final String FILE = "assignment.json";

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ManifestParser() {
    }

    /** The manifest of an assignment directory (or of an assignment.json file). */
    public static Manifest read(Path assignment) {
        Path file = Files.isDirectory(assignment) ? assignment.resolve(FILE) : assignment;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(assignment + ": no " + FILE + " (an assignment is a directory with an "
                + FILE + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return parse(file.toAbsolutePath().normalize().getParent(), root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static Manifest parse(Path dir, JsonNode root) {
        object("the manifest", root, Set.of("title", "kind", "slots", "reference", "machine", "compare", "limits",
            "conformance", "tests", "mutants", "passPoints"));
        String title = string("title", required(root, "title"));
        Kind kind = switch (string("kind", required(root, "kind"))) {
            case "module" -> Kind.MODULE;
            case "scenarios" -> Kind.SCENARIOS;
            default -> throw new IllegalArgumentException("kind must be \"module\" or \"scenarios\", got "
                + root.get("kind"));
        };
        List<String> slots = slots(required(root, "slots"));
        Map<String, String> reference = reference(root.get("reference"), slots);
        Map<String, Object> machine = machine(root.get("machine"));
        Compare compare = root.has("compare") ? switch (string("compare", root.get("compare"))) {
            case "contract" -> Compare.CONTRACT;
            case "strict" -> Compare.STRICT;
            default -> throw new IllegalArgumentException("compare must be \"contract\" or \"strict\", got "
                + root.get("compare"));
        } : Compare.CONTRACT;
        if (compare == Compare.STRICT && reference.isEmpty()) {
            throw new IllegalArgumentException("compare \"strict\" needs a reference module for every slot (reference)");
        }
        Limits limits = limits(root.get("limits"));
        if (kind == Kind.SCENARIOS) {
            for (String f : List.of("tests", "conformance", "compare")) {
                if (root.has(f)) {
                    throw new IllegalArgumentException(f + " is for kind \"module\"; a scenario assignment grades the"
                        + " submitted scenarios with mutants (and passPoints)");
                }
            }
            for (String slot : slots) {
                if (!reference.containsKey(slot)) {
                    throw new IllegalArgumentException("reference: a scenario assignment needs a reference module for"
                        + " every slot; \"" + slot + "\" has none");
                }
            }
            Map<String, String> ref = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : reference.entrySet()) {
                ref.put(e.getKey(), module(dir, "reference." + e.getKey(), e.getKey(), e.getValue(), true));
            }
            long passPoints = root.has("passPoints") ? points("passPoints", root.get("passPoints")) : 0;
            List<MutantSpec> mutants = mutants(dir, root.get("mutants"), slots);
            return new Manifest(dir, title, kind, slots, Map.copyOf(ref), machine, Compare.CONTRACT, limits,
                ConformanceSpec.none(), List.of(), mutants, passPoints);
        }
        for (String f : List.of("mutants", "passPoints")) {
            if (root.has(f)) {
                throw new IllegalArgumentException(f + " is for kind \"scenarios\" (students write scenarios graded by"
                    + " mutants)");
            }
        }
        ConformanceSpec conformance = conformance(root.get("conformance"));
        List<TestSpec> tests = tests(dir, root.get("tests"));
        if (tests.isEmpty() && conformance.points() == 0) {
            throw new IllegalArgumentException("tests: the assignment grades nothing (no tests and no conformance points)");
        }
        return new Manifest(dir, title, kind, slots, reference, machine, compare, limits, conformance, tests, List.of(), 0);
    }

    /** The reserved name of a scenario assignment's first item. */
    static final String REFERENCE_ITEM = "passes on the reference";

    private static List<MutantSpec> mutants(Path dir, JsonNode n, List<String> slots) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException("mutants must be a non-empty list of { name, modules, points, hint,"
                + " visibility } (a scenario assignment is graded by the mutants its scenarios kill)");
        }
        List<MutantSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            String at = "mutants[" + i + "]";
            object(at, t, Set.of("name", "modules", "points", "hint", "visibility"));
            String name = string(at + ".name", required(t, "name", at + "."));
            if (name.isBlank() || name.equals(REFERENCE_ITEM)) {
                throw new IllegalArgumentException(at + ".name must be a non-empty name other than \"" + REFERENCE_ITEM + "\"");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(at + ".name \"" + name + "\" is used by another mutant");
            }
            JsonNode mods = required(t, "modules", at + ".");
            object(at + ".modules", mods, Set.copyOf(slots));
            if (mods.isEmpty()) {
                throw new IllegalArgumentException(at + ".modules must name the buggy module of at least one slot,"
                    + " e.g. { \"buddy\": \"mutants/no-coalescing.js\" }");
            }
            Map<String, String> modules = new LinkedHashMap<>();
            Map<String, String> relative = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = mods.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = at + ".modules." + e.getKey();
                String rel = string(field, e.getValue());
                relative.put(e.getKey(), rel);
                modules.put(e.getKey(), module(dir, field, e.getKey(), rel, false));
            }
            long points = points(at + ".points", required(t, "points", at + "."));
            String hint = t.has("hint") ? string(at + ".hint", t.get("hint")) : null;
            Visibility v = t.has("visibility") ? Visibility.parse(at + ".visibility", string(at + ".visibility",
                t.get("visibility"))) : Visibility.VISIBLE;
            out.add(new MutantSpec(name, Map.copyOf(modules), Map.copyOf(relative), points, hint, v));
        }
        return List.copyOf(out);
    }

    /**
     * A module of a scenario assignment: a .js file in the assignment directory (absolute path back; JavaScript
     * modules implement the buddy slot only), or, when {@code builtInAllowed}, a built-in module name.
     */
    private static String module(Path dir, String field, String slot, String value, boolean builtInAllowed) {
        boolean file = value.contains("/") || value.contains("\\") || value.endsWith(".js");
        if (!file) {
            if (builtInAllowed) {
                return value;
            }
            throw new IllegalArgumentException(field + " must be a .js module file in the assignment directory, got \""
                + value + "\"");
        }
        if (!slot.equals("buddy")) {
            throw new IllegalArgumentException(field + ": JavaScript modules can implement the buddy slot only");
        }
        Path f = dir.resolve(value).normalize();
        if (!value.endsWith(".js") || !f.startsWith(dir) || !Files.isRegularFile(f)) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is not a .js file in the assignment directory");
        }
        return f.toString();
    }

    private static List<String> slots(JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException("slots must be a non-empty list of slot names such as [\"buddy\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            String id = string("slots", s);
            try {
                Slot.parse(id);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("slots: " + e.getMessage());
            }
            if (out.contains(id)) {
                throw new IllegalArgumentException("slots: \"" + id + "\" is named twice");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    private static Map<String, String> reference(JsonNode n, List<String> slots) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        object("reference", n, Set.copyOf(slots));
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), string("reference." + e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Map<String, Object> machine(JsonNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (n == null) {
            return m;
        }
        object("machine", n, Set.of("profile", "ram", "pageSize", "debug", "pcp", "mobility", "seed", "cmdline"));
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object o = v.isTextual() ? v.textValue() : v.isBoolean() ? (Object) v.booleanValue()
                : v.isIntegralNumber() ? (Object) v.longValue() : v.isNumber() ? (Object) v.doubleValue() : v.toString();
            m.put(e.getKey(), o);
        }
        try {
            MachineOptions.apply(MachineConfig.defaults(), m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("machine: " + e.getMessage());
        }
        return m;
    }

    private static Limits limits(JsonNode n) {
        Limits d = Limits.defaults();
        if (n == null) {
            return d;
        }
        object("limits", n, Set.of("wallSeconds", "testSeconds", "statements", "heapMb", "outputKb"));
        int wall = (int) whole("limits.wallSeconds", n.get("wallSeconds"), d.wallSeconds(), 1, 86_400);
        int test = (int) whole("limits.testSeconds", n.get("testSeconds"), Math.min(d.testSeconds(), wall), 1, wall);
        long statements = whole("limits.statements", n.get("statements"), d.statements(), 1_000, 100_000_000_000L);
        int heap = (int) whole("limits.heapMb", n.get("heapMb"), d.heapMb(), 64, 65_536);
        int output = (int) whole("limits.outputKb", n.get("outputKb"), d.outputKb(), 1, 1_048_576);
        return new Limits(wall, test, statements, heap, output);
    }

    private static ConformanceSpec conformance(JsonNode n) {
        if (n == null) {
            return ConformanceSpec.none();
        }
        object("conformance", n, Set.of("points", "visibility"));
        long points = points("conformance.points", required(n, "points", "conformance."));
        Visibility v = n.has("visibility") ? Visibility.parse("conformance.visibility", string("conformance.visibility",
            n.get("visibility"))) : Visibility.VISIBLE;
        return new ConformanceSpec(points, v);
    }

    private static List<TestSpec> tests(Path dir, JsonNode n) {
        List<TestSpec> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("tests must be a list of { name, file, points, visibility }");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            String at = "tests[" + i + "]";
            object(at, t, Set.of("name", "file", "points", "visibility"));
            String name = string(at + ".name", required(t, "name", at + "."));
            if (name.isBlank() || name.startsWith("conformance:")) {
                throw new IllegalArgumentException(at + ".name must be a non-empty name not starting with \"conformance:\"");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(at + ".name \"" + name + "\" is used by another test");
            }
            String rel = string(at + ".file", required(t, "file", at + "."));
            Path file = dir.resolve(rel).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException(at + ".file \"" + rel + "\" is not a file in the assignment directory");
            }
            long points = points(at + ".points", required(t, "points", at + "."));
            Visibility v = t.has("visibility") ? Visibility.parse(at + ".visibility", string(at + ".visibility",
                t.get("visibility"))) : Visibility.VISIBLE;
            out.add(new TestSpec(name, file, rel, points, v));
        }
        return List.copyOf(out);
    }

    private static void object(String what, JsonNode n, Set<String> allowed) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                String prefix = what.equals("the manifest") ? "" : what + ".";
                throw new IllegalArgumentException("unknown field '" + prefix + f + "'; allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        return required(n, field, "");
    }

    private static JsonNode required(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(prefix + field + " is required");
        }
        return v;
    }

    private static String string(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static long whole(String field, JsonNode v, long dflt, long min, long max) {
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || !(v.isIntegralNumber() || v.decimalValue().stripTrailingZeros().scale() <= 0)
            || v.decimalValue().compareTo(BigDecimal.valueOf(min)) < 0 || v.decimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new IllegalArgumentException(field + " must be a whole number from " + min + " to " + max + ", got " + v);
        }
        return v.decimalValue().longValueExact();
    }

    private static long points(String field, JsonNode v) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return Points.parse(field, v.decimalValue());
    }
}
