package org.kmemlab.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

import org.kmemlab.grader.Batch;
import org.kmemlab.grader.Grader;
import org.kmemlab.grader.Manifest;
import org.kmemlab.grader.ManifestParser;
import org.kmemlab.grader.Report;
import org.kmemlab.grader.ReportFiles;
import org.kmemlab.grader.Submission;
import org.kmemlab.grader.format.Format;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab grade ASSIGNMENT SUBMISSION} and {@code kmemlab grade ASSIGNMENT --submissions DIR}. */
@Command(name = "grade", mixinStandardHelpOptions = true,
    description = {"Grade homework: run an assignment's tests and conformance checks against a submission (a .js"
        + " module, a plugin .jar or a Maven project directory), or, for a scenario assignment, run the submitted"
        + " scenarios on the reference and on the assignment's mutants; each submission in its own JVM under the"
        + " assignment's limits. A report is always written; see docs/instructors.md.", ""},
    footer = {"", "Examples:",
        "  kmemlab grade examples/homework/buddy-lab examples/homework/buddy-lab/samples/correct.js",
        "  kmemlab grade lab/ alice.jar --format text --format gradescope --out reports/alice",
        "  kmemlab grade lab/ --submissions submitted/ --jobs 2 --format json --out reports/",
        "", "Exit status: 0 graded (whatever the scores), 2 bad input, 3 internal error."})
final class GradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ASSIGNMENT", description = "the assignment directory (with assignment.json)")
    Path assignment;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SUBMISSION",
        description = "a .js module, a plugin .jar or a Maven project directory; for a scenario assignment a"
            + " directory of scenario files or one .js scenario file")
    Path submission;

    @Option(names = "--submissions", paramLabel = "DIR", description = "grade every entry of DIR (the entry's name is the student id)")
    Path submissions;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "child JVMs at a time in a batch (default ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "text (default), json, junit, tap or gradescope; repeatable")
    List<String> formats = new ArrayList<>();

    @Option(names = "--out", paramLabel = "PATH",
        description = "write the report to this file (a directory for several formats, and for --submissions)")
    Path out;

    @Option(names = "--show-hidden", description = "show hidden and after-due-date items' details, not only their scores")
    boolean showHidden;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Format> fmts = new ArrayList<>();
        for (String f : new LinkedHashSet<>(formats.isEmpty() ? List.of("text") : formats)) {
            fmts.add(Format.parse(f));
        }
        if ((submission == null) == (submissions == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "give either a SUBMISSION or --submissions DIR");
        }
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException("--jobs must be from 1 to 64, got " + jobs);
        }
        Manifest m = ManifestParser.read(assignment);
        Grader grader = new Grader(m);
        PrintWriter stdout = spec.commandLine().getOut();
        if (submissions != null) {
            if (out == null) {
                throw new IllegalArgumentException("--submissions needs --out DIR for the reports and gradebook.csv");
            }
            Console console = System.console();
            PrintWriter err = spec.commandLine().getErr();
            List<Report> reports = Batch.run(grader, submissions, jobs, fmts, out, showHidden, line -> {
                if (console != null) {
                    synchronized (err) {
                        err.print("\r" + line + "\u001b[K");
                        err.flush();
                    }
                }
            });
            if (console != null) {
                err.println();
            }
            stdout.println(reports.size() + " submissions graded; gradebook: " + out.resolve("gradebook.csv"));
            stdout.flush();
            return Main.OK;
        }
        Submission s = Submission.of(Submission.studentOf(submission), submission, m.kind());
        Report r = grader.grade(s);
        if (out != null) {
            ReportFiles.write(r, fmts, out, showHidden);
        } else {
            for (Format f : fmts) {
                stdout.print(f.render(r, showHidden));
            }
        }
        stdout.flush();
        return Main.OK;
    }
}
