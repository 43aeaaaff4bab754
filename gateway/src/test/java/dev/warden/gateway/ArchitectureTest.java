package dev.warden.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * architecture.md: the gateway knows HTTP and the engine's API, not the DSL's internals nor
 * Drools. The build bans the dependencies; this checks the code, where a transitive class could
 * still be reached. The DSL's model types (enums, model specs) are part of the engine's API.
 */
class ArchitectureTest {
  static final JavaClasses GATEWAY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.warden.gateway");

  @Test
  void theGatewayDoesNotReachIntoTheDsl() {
    noClasses().should().dependOnClassesThat(resideInAPackage("dev.warden.dsl..")
            .and(not(resideInAPackage("dev.warden.dsl.model..")))
            .or(resideInAPackage("org.antlr..")))
        .because("the gateway talks to the rules engine, which owns compilation").check(GATEWAY);
  }

  @Test
  void theGatewayDoesNotUseDrools() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.drools..", "org.kie..")
        .because("Drools is the engine's business").check(GATEWAY);
  }

  @Test
  void theHttpMappingDoesNotKnowTheServer() {
    noClasses().that().resideInAnyPackage("dev.warden.gateway.chat..", "dev.warden.gateway.config..")
        .should().dependOnClassesThat().resideInAnyPackage("io.helidon..")
        .because("the mapping between bodies and requests is pure and tested without a server (CONVENTIONS 11)")
        .check(GATEWAY);
  }
}
