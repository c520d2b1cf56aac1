package org.inventory.filler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loader's house rules, checked on its compiled classes (not the tests): the command line on top, the two runs
 * (generate, imports) side by side below it, then the progress display, then the client that sends; each library
 * in the one package that needs it.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inventory.filler");
    }

    @Test
    void no_package_depends_on_itself_through_others() {
        slices().matching("org.inventory.filler.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    /**
     * The command builds one run; generating and importing never see each other; both show their progress and send
     * through the client; the progress display reads the client's tally; the client knows none of them.
     */
    @Test
    void dependencies_point_one_way_from_the_command_through_the_runs_to_the_client() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Command")
                .definedBy("org.inventory.filler")
                .layer("Generate")
                .definedBy("org.inventory.filler.generate..")
                .layer("Imports")
                .definedBy("org.inventory.filler.imports..")
                .layer("Progress")
                .definedBy("org.inventory.filler.progress..")
                .layer("Client")
                .definedBy("org.inventory.filler.client..")
                .whereLayer("Command")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Generate")
                .mayOnlyBeAccessedByLayers("Command")
                .whereLayer("Imports")
                .mayOnlyBeAccessedByLayers("Command")
                .whereLayer("Progress")
                .mayOnlyBeAccessedByLayers("Generate", "Imports")
                .whereLayer("Client")
                .mayOnlyBeAccessedByLayers("Command", "Generate", "Imports", "Progress")
                .check(classes);
    }

    @Test
    void only_the_command_uses_picocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.inventory.filler")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void only_the_client_uses_the_websocket_library() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.inventory.filler.client..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.java_websocket..")
                .check(classes);
    }

    @Test
    void only_the_progress_display_uses_the_progress_bar_and_the_terminal() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.inventory.filler.progress..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("me.tongfei.progressbar..", "org.jline..")
                .check(classes);
    }

    /** The server's record rules (the core, BSON) and the CSV reader serve the import alone. */
    @Test
    void only_the_import_uses_the_record_rules_and_the_csv_reader() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.inventory.filler.imports..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.inventory.core..", "org.bson..", "de.siegmar..")
                .check(classes);
    }
}
