package org.sudreferral.fhirvalidator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Validates JSON FHIR R4 resources against the base R4 definitions and prints one JSON array of
 * results on stdout. Exits 0 whenever it ran, whatever the resources contain.
 * Usage: java -cp ... org.sudreferral.fhirvalidator.ValidateResources file.json...
 */
public final class ValidateResources {

  public static void main(String[] args) throws Exception {
    // HAPI logs through SLF4J; stdout must carry nothing but the JSON.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");

    FhirContext context = FhirContext.forR4();
    // Everything is answered from the definitions bundled in the jars: no terminology server.
    ValidationSupportChain support = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context));
    FhirInstanceValidator module = new FhirInstanceValidator(support);
    // Our own extensions have no published StructureDefinition; they must not fail validation.
    module.setAnyExtensionsAllowed(true);
    FhirValidator validator = context.newValidator();
    validator.registerValidatorModule(module);

    JsonArray results = new JsonArray();
    for (String file : args) {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      JsonObject result = new JsonObject();
      result.addProperty("file", file);
      JsonObject resource = asObject(text);
      result.addProperty("resourceType", stringOf(resource, "resourceType"));
      result.addProperty("id", stringOf(resource, "id"));
      JsonArray issues = new JsonArray();
      try {
        ValidationResult validation = validator.validateWithResult(text);
        for (SingleValidationMessage message : validation.getMessages()) {
          String severity = message.getSeverity().getCode();
          String said = message.getMessage();
          String language = commonLanguageMiss(said);
          if (language != null && isLanguageTag(support, language)) {
            severity = "warning";
            said = said + " (a valid BCP-47 tag: the binding is preferred, with All Languages as its maximum)";
          }
          issues.add(issue(severity, message.getLocationString(), said));
        }
      } catch (RuntimeException e) {
        // Content HAPI cannot even parse is a finding about that resource, not a broken validator.
        issues.add(issue("fatal", file, e.toString()));
      }
      result.add("issues", issues);
      results.add(result);
    }
    // UTF-8 whatever the locale, so names and messages reach Node intact.
    System.out.write((new GsonBuilder().serializeNulls().create().toJson(results) + "\n").getBytes(StandardCharsets.UTF_8));
    System.out.flush();
  }

  private static final Pattern COMMON_LANGUAGE_MISS =
      Pattern.compile("^Code \"([^\"]+)\" is not in valueset: http://hl7\\.org/fhir/ValueSet/languages$");

  /**
   * R4 binds languages (HealthcareService.communication, Patient.communication.language, ...) to
   * Common Languages as *preferred*, with All Languages (every BCP-47 tag) as the maximum. HAPI's
   * CommonCodeSystemsTerminologyService reports any tag outside the common list as an error whatever
   * the strength (hapifhir/hapi-fhir#7959), so such a finding is re-checked against the maximum.
   * Returns the tag when the message is that finding, null otherwise.
   */
  private static String commonLanguageMiss(String message) {
    Matcher matcher = COMMON_LANGUAGE_MISS.matcher(message);
    return matcher.matches() ? matcher.group(1) : null;
  }

  /** Whether the tag is in All Languages, checked against the IANA subtag registry HAPI ships. */
  private static boolean isLanguageTag(IValidationSupport support, String tag) {
    IValidationSupport.CodeValidationResult result = support.validateCode(
        new ValidationSupportContext(support),
        new ConceptValidationOptions(),
        "urn:ietf:bcp:47",
        tag,
        null,
        "http://hl7.org/fhir/ValueSet/all-languages");
    return result != null && result.isOk();
  }

  private static JsonObject issue(String severity, String location, String message) {
    JsonObject issue = new JsonObject();
    issue.addProperty("severity", severity);
    issue.addProperty("location", location);
    issue.addProperty("message", message);
    return issue;
  }

  private static String stringOf(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static JsonObject asObject(String text) {
    try {
      JsonElement json = JsonParser.parseString(text);
      if (json.isJsonObject()) return json.getAsJsonObject();
    } catch (RuntimeException e) {
      // not JSON: the validator reports it
    }
    return new JsonObject();
  }
}
