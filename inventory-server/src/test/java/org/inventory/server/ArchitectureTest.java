package org.inventory.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules, checked on the compiled classes of the service (core, the embedded store and the server;
 * not the tests). A new maintainer reads these to know the layout: capabilities side by side, each depending
 * only downward, the wiring on top, the driver behind the store package.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inventory.core", "org.inventory.embedded", "org.inventory.server");
    }

    @Test
    void no_package_depends_on_itself_through_others() {
        slices().matching("org.inventory.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * The wiring builds the capabilities; ingest, browse, export, live, insight, operations and security never see each other (ingest
     * hands acknowledged records to live through a plain consumer the wiring passes); all of them may use
     * the shared HTTP pieces, the configuration and the core; the embedded store is started by the wiring alone.
     */
    @Test
    void dependencies_point_one_way_from_the_wiring_through_the_capabilities_to_the_core() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Wiring")
                .definedBy("org.inventory.server")
                .layer("Ingest")
                .definedBy("org.inventory.server.ingest..")
                .layer("Browse")
                .definedBy("org.inventory.server.browse..")
                .layer("Export")
                .definedBy("org.inventory.server.export..")
                .layer("Live")
                .definedBy("org.inventory.server.live..")
                .layer("Insight")
                .definedBy("org.inventory.server.insight..")
                .layer("Operations")
                .definedBy("org.inventory.server.ops..")
                .layer("Security")
                .definedBy("org.inventory.server.security..")
                .layer("Http")
                .definedBy("org.inventory.server.http..")
                .layer("Config")
                .definedBy("org.inventory.server.config..")
                .layer("Access")
                .definedBy("org.inventory.server.access..")
                .layer("Core")
                .definedBy("org.inventory.core..")
                .layer("Embedded")
                .definedBy("org.inventory.embedded..")
                .whereLayer("Wiring")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Ingest")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Browse")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Export")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Operations")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Insight")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Security")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Http")
                .mayOnlyBeAccessedByLayers(
                        "Wiring", "Ingest", "Browse", "Export", "Live", "Operations", "Security", "Insight")
                .whereLayer("Config")
                .mayOnlyBeAccessedByLayers(
                        "Wiring", "Ingest", "Browse", "Export", "Live", "Operations", "Security", "Insight")
                .whereLayer("Access")
                .mayOnlyBeAccessedByLayers("Wiring", "Ingest", "Http")
                .whereLayer("Core")
                .mayOnlyBeAccessedByLayers(
                        "Wiring",
                        "Ingest",
                        "Browse",
                        "Export",
                        "Live",
                        "Operations",
                        "Security",
                        "Insight",
                        "Http",
                        "Config",
                        "Access")
                .whereLayer("Live")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Embedded")
                .mayOnlyBeAccessedByLayers("Wiring")
                .check(classes);
    }

    @Test
    void the_core_knows_nothing_of_the_server_helidon_or_the_embedded_store() {
        noClasses()
                .that()
                .resideInAPackage("org.inventory.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.inventory.server..", "io.helidon..", "org.inventory.embedded..", "de.bwaldvogel..")
                .check(classes);
    }

    /** The store package turns the driver's failures into its own outcomes and exceptions. */
    @Test
    void only_the_store_package_uses_the_mongodb_driver() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.inventory.core.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.mongodb..")
                .check(classes);
    }

    @Test
    void the_embedded_store_depends_on_none_of_the_service() {
        noClasses()
                .that()
                .resideInAPackage("org.inventory.embedded..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.inventory.core..", "org.inventory.server..")
                .check(classes);
    }
}
