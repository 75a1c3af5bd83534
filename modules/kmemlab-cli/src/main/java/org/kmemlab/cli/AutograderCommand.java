package org.kmemlab.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.concurrent.Callable;

import org.kmemlab.grader.autograder.AutograderPackage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab autograder ASSIGNMENT --out autograder.zip}: a Gradescope autograder for an assignment. */
@Command(name = "autograder", mixinStandardHelpOptions = true,
    description = {"Package a Gradescope autograder: setup.sh (installs a JDK 17 and Maven if the image lacks them),"
        + " run_autograder (grades /autograder/submission with kmemlab's gradescope format), the assignment and"
        + " kmemlab's own jars. Upload the zip as the assignment's autograder; see docs/instructors.md.", ""},
    footer = {"", "Examples:",
        "  kmemlab autograder examples/homework/buddy-lab --out autograder.zip",
        "", "Exit status: 0 written, 2 bad input, 3 internal error."})
final class AutograderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ASSIGNMENT", description = "the assignment directory (with assignment.json)")
    Path assignment;

    @Option(names = "--out", paramLabel = "ZIP", defaultValue = "autograder.zip",
        description = "the zip to write (default ${DEFAULT-VALUE})")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> cp = AutograderPackage.classPath(codeSource(), System.getProperty("java.class.path", ""));
        List<String> names = AutograderPackage.write(assignment, cp, out);
        PrintWriter stdout = spec.commandLine().getOut();
        long jars = names.stream().filter(n -> n.startsWith("kmemlab/lib/")).count();
        long files = names.stream().filter(n -> n.startsWith("assignment/")).count();
        stdout.println("wrote " + out + ": setup.sh, run_autograder, " + files + " assignment files, " + jars
            + " kmemlab jars");
        stdout.flush();
        return Main.OK;
    }

    private static Path codeSource() {
        CodeSource cs = Main.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
