package org.kmemlab.script.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.CallRecord;
import org.kmemlab.kernel.trace.RecordingKernel;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScriptLocation;
import org.kmemlab.script.TestResult;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a trace (docs/traces.md): every kernel call of a run with its result, error, events and the state
 * summary after it, one JSON object per line. Lines go through a buffered writer that is flushed at the end of
 * each test, so a run that dies mid-way still leaves a readable prefix. The first write problem is kept
 * ({@link #problem()}) and ends the recording; the run itself goes on.
 */
public final class TraceRecorder implements RunObserver, AutoCloseable {
    private final Path path;
    private final Writer out;
    private String file;
    private String pendingTest;
    private boolean testWritten;
    /**
     * The machine booted last, written with its first call: a machine nobody calls (the prelude boots one before
     * the top level starts; {@code machine({...})} at the top level of a file with tests) leaves no line.
     */
    private MachineConfig pendingMachine;
    private int seq;
    private String problem;

    private TraceRecorder(Path path, Writer out, String createdBy) {
        this.path = path;
        this.out = out;
        ObjectNode h = TraceFormat.NODES.objectNode().put("type", "trace").put("version", TraceFormat.VERSION);
        String v = TraceRecorder.class.getPackage().getImplementationVersion();
        h.put("kmemlab", v == null ? "development build" : v);
        h.put("created_by", createdBy);
        write(h);
    }

    /** Creates (or truncates) {@code path}; one-line IllegalArgumentException when it cannot be written. */
    public static TraceRecorder open(Path path, String createdBy) {
        try {
            return new TraceRecorder(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8), createdBy);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("--trace " + path + ": cannot write: " + e.getMessage());
        }
    }

    /** Writes to {@code out} (tests). */
    public static TraceRecorder to(Writer out, String createdBy) {
        return new TraceRecorder(null, out instanceof BufferedWriter ? out : new BufferedWriter(out), createdBy);
    }

    /** The first write problem as one line, or null. */
    public String problem() {
        return problem;
    }

    /** Calls recorded so far. */
    public int calls() {
        return seq;
    }

    @Override
    public void fileStarted(String name, String source) {
        file = name;
    }

    @Override
    public void testStarted(String name) {
        pendingTest = name;
        testWritten = false;
    }

    @Override
    public Kernel machineBooted(MachineConfig config, Kernel kernel) {
        pendingMachine = config;
        return RecordingKernel.wrap(kernel, ScriptLocation::current, this::call);
    }

    private void writeMachineLine() {
        writeTestLine();
        ObjectNode m = TraceFormat.NODES.objectNode().put("type", "machine");
        m.set("config", TraceConfig.encode(pendingMachine));
        write(m);
        pendingMachine = null;
    }

    @Override
    public void testFinished(String name, TestResult result) {
        if (result != null) {
            writeTestLine();
        }
        if (testWritten) {
            ObjectNode e = TraceFormat.NODES.objectNode().put("type", "end");
            if (result != null) {
                e.put("name", result.name()); // the top level of a file without tests is named after the file
            }
            e.put("status", result == null ? "none" : result.status().name().toLowerCase(java.util.Locale.ROOT));
            e.put("failure", result == null ? null : result.failure());
            e.put("location", result == null ? null : result.location());
            write(e);
        }
        testWritten = false;
        pendingTest = null;
        pendingMachine = null;
        flush();
    }

    @Override
    public void fileFinished(ScenarioResult result) {
        flush();
    }

    @Override
    public void close() {
        flush();
        try {
            out.close();
        } catch (IOException e) {
            keep(e);
        }
    }

    private void writeTestLine() {
        if (testWritten || pendingTest == null) {
            return;
        }
        write(TraceFormat.NODES.objectNode().put("type", "test").put("file", file).put("name", pendingTest));
        testWritten = true;
    }

    private void call(CallRecord r) {
        if (pendingMachine != null) {
            writeMachineLine();
        }
        ObjectNode c = TraceFormat.NODES.objectNode().put("type", "call").put("seq", ++seq);
        c.put("at", r.location());
        c.put("fn", r.fn());
        ArrayNode args = c.putArray("args");
        for (Object a : r.args()) {
            args.add(TraceFormat.encode(a));
        }
        c.set("result", r.error() == null ? TraceFormat.encode(r.result()) : TraceFormat.NODES.nullNode());
        c.put("error", r.error() == null ? null : firstLine(r.error()));
        if (r.error() != null) {
            c.put("error_type", r.error().getClass().getSimpleName());
        }
        ArrayNode ev = c.putArray("events");
        for (KernelEvent e : r.events()) {
            ev.add(TraceFormat.encodeEvent(e));
        }
        if (!r.nested().isEmpty()) {
            // replay makes them right after the call, so memory a constructor wrote reads the same (the
            // constructor itself is not in the trace)
            ArrayNode nested = c.putArray("nested");
            for (CallRecord.Nested n : r.nested()) {
                ObjectNode o = nested.addObject().put("fn", n.method().getName());
                ArrayNode a = o.putArray("args");
                for (Object x : n.args()) {
                    a.add(TraceFormat.encode(x));
                }
            }
        }
        c.set("state", TraceState.capture(r.kernel()));
        write(c);
    }

    /** The first line of an error's message (a kernel report's headline). */
    public static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int i = m.indexOf('\n');
        return i < 0 ? m : m.substring(0, i);
    }

    private void write(ObjectNode line) {
        if (problem != null) {
            return;
        }
        try {
            out.write(TraceFormat.JSON.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            keep(e);
        }
    }

    private void flush() {
        if (problem != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            keep(e);
        }
    }

    private void keep(IOException e) {
        if (problem == null) {
            problem = "trace " + (path == null ? "" : path + ": ") + "cannot write: " + e.getMessage();
        }
    }
}
