package io.jeeves.config;

import io.jeeves.governance.policy.PolicyConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the policy gate's {@link PolicyConfig} from where {@link JeevesSettings#policy()} says (a file, an
 * SSM parameter, or the JSON itself), once, at start; see {@link ConfigDocuments}.
 */
public final class PolicyConfigs {
    private PolicyConfigs() {
    }

    /**
     * @param ssmParameter an SSM parameter's name → its value (decrypted); only called for an SSM source
     */
    public static PolicyConfig load(Optional<JeevesSettings.DocumentSource> source, Function<String, String> ssmParameter) {
        return source.map(s -> ConfigDocuments.load(s, ssmParameter, PolicyConfig::of)).orElse(PolicyConfig.defaults());
    }
}
