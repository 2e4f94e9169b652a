package io.jeeves.llm;

/** The default when nothing is configured: refuses every call, and says how to enable a provider. */
public final class DisabledProvider implements LlmProvider {
    public static final String NAME = "disabled";
    static final String MESSAGE = "LLM calls are disabled: no provider is configured for agent %s. Set "
            + "JEEVES_LLM_PROVIDER (or %s_PROVIDER, or the agent's \"provider\" in jeeves.llm.agents) to scripted, "
            + "openai, anthropic or bedrock, with its model (and its API key for openai or anthropic).";

    private final String agent;

    public DisabledProvider(String agent) {
        this.agent = agent;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void stream(LlmRequest request, LlmListener listener) {
        throw refusal();
    }

    /** The error every call gets. */
    public LlmException refusal() {
        return LlmException.of(LlmErrorType.DISABLED, String.format(MESSAGE, agent, AgentConfigs.envPrefix(agent)));
    }
}
