package org.kmemlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.kmemlab.grader.format.Format;

/**
 * Grades every entry of a submissions directory ({@code alice.js}, {@code bob.jar}, {@code carol/} with a pom.xml;
 * the name without .js/.jar is the student id), {@code jobs} child JVMs at a time. Writes
 * {@code OUT/STUDENT/<format files>} and {@code OUT/gradebook.csv}; rows are in name order whatever finished first.
 */
public final class Batch {
    private Batch() {
    }

    public static List<Report> run(Grader grader, Path submissions, int jobs, List<Format> formats, Path out,
                                   boolean showHidden, Consumer<String> progress) throws IOException, InterruptedException {
        if (!Files.isDirectory(submissions)) {
            throw new IllegalArgumentException(submissions + ": not a directory of submissions");
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(submissions)) {
            entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        Files.createDirectories(out);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "kmemlab-grade");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger finished = new AtomicInteger();
        List<Future<Report>> futures = new ArrayList<>();
        for (Path e : entries) {
            futures.add(pool.submit(() -> {
                Report r = gradeEntry(grader, e);
                ReportFiles.writeDir(r, formats, out.resolve(safe(r.student())), showHidden);
                progress.accept(finished.incrementAndGet() + "/" + entries.size() + " graded (" + r.student() + ": "
                    + Points.format(r.score()) + "/" + Points.format(r.maxScore()) + ")");
                return r;
            }));
        }
        pool.shutdown();
        List<Report> reports = new ArrayList<>();
        try {
            for (Future<Report> f : futures) {
                reports.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            pool.shutdownNow();
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(c);
        }
        Files.writeString(out.resolve("gradebook.csv"), Gradebook.csv(grader.plan(), reports), StandardCharsets.UTF_8);
        return reports;
    }

    private static Report gradeEntry(Grader grader, Path entry) {
        String student = Submission.studentOf(entry);
        Submission s;
        try {
            s = Submission.of(student, entry, grader.manifest().kind());
        } catch (IllegalArgumentException e) {
            List<GradedItem> items = new ArrayList<>();
            for (GradedItem p : grader.plan()) {
                items.add(new GradedItem(p.name(), p.kind(), p.file(), 0, p.maxPoints(), false, p.visibility(),
                    "not run: not a submission", null, List.of()));
            }
            return new Report(grader.manifest().title(), student, entry.getFileName().toString(), 0, grader.maxScore(),
                "not_graded", e.getMessage(), items);
        }
        return grader.grade(s);
    }

    /** A student id as a directory name. */
    static String safe(String student) {
        String s = student.replaceAll("[^A-Za-z0-9._@+-]", "_");
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" + s : s;
    }
}
