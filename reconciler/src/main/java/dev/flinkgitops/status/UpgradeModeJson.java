package dev.flinkgitops.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.flinkgitops.appspec.UpgradeMode;

import java.io.IOException;

/**
 * An operation's mode in a status file is written as the spec writes it ({@code savepoint},
 * {@code last-state}, {@code stateless}), as it was when the field was a string: old files load,
 * new files look the same.
 */
public final class UpgradeModeJson {

    private UpgradeModeJson() {}

    public static final class Writer extends JsonSerializer<UpgradeMode> {
        @Override
        public void serialize(UpgradeMode mode, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(mode.yamlName());
        }
    }

    public static final class Reader extends JsonDeserializer<UpgradeMode> {
        @Override
        public UpgradeMode deserialize(JsonParser in, DeserializationContext context) throws IOException {
            return UpgradeMode.fromYaml(in.getValueAsString());
        }
    }
}
