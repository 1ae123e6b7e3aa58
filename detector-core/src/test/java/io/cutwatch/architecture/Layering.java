package io.cutwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering rules every module's architecture test checks against its own main classes
 * (shipped in detector-core's test-jar, so each module states its boundaries in one line).
 */
public final class Layering {
    private Layering() {
    }

    /**
     * The main classes of the module whose tests are running: {@code target/classes} under the
     * working directory, which Surefire sets to the module's base directory. Only this module's
     * classes, never those of the modules it depends on.
     */
    public static JavaClasses mainClassesOfThisModule() {
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no " + classes.toAbsolutePath() + "; run the architecture test from the"
                    + " module's directory after compiling");
        }
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        if (imported.isEmpty()) {
            throw new IllegalStateException("no classes under " + classes.toAbsolutePath());
        }
        return imported;
    }

    /** Hazelcast is the platform of one adapter module; nothing else may name its types. */
    public static ArchRule noHazelcastTypes() {
        return noClasses().should().dependOnClassesThat().resideInAPackage("com.hazelcast..")
                .because("only the hazelcast module (and the runnable demos) may depend on Hazelcast");
    }

    /**
     * The Hazelcast backend (module hazelcast) is used only in {@code pkg} and below: a module that
     * keeps it an optional dependency confines it to one package.
     */
    public static ArchRule hazelcastModuleOnlyIn(String pkg) {
        return noClasses().that().resideOutsideOfPackage(pkg + "..")
                .should().dependOnClassesThat().resideInAPackage("io.cutwatch.hazelcast..")
                .because("the hazelcast module is an optional dependency, used only in " + pkg);
    }

    /** Each Java package of Cutwatch is a slice (the root package too); slices form no cycle. */
    public static ArchRule noPackageCycles() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().startsWith("io.cutwatch")
                        ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "each package of io.cutwatch";
            }
        }).should().beFreeOfCycles();
    }
}
