package org.syslets.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Validates a manifest against model/manifest.schema.json (the schema sits beside the project manifest). */
final class ManifestSchema {
    private ManifestSchema() {
    }

    static List<String> problems(Path manifestJson) throws Exception {
        Path schemaFile = Fixtures.projectManifest().modelDir().resolve("manifest.schema.json");
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(schemaFile)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        return schema.validate(new ObjectMapper().readTree(manifestJson.toFile())).stream()
                .map(ValidationMessage::getMessage).sorted().toList();
    }
}
