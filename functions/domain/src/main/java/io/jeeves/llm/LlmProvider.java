package io.jeeves.llm;

/**
 * A backend behind the one stream-first interface. Non-streaming is buffered streaming
 * ({@link #complete}).
 */
public interface LlmProvider {
    /** The provider's configuration name: disabled, scripted, openai, anthropic, bedrock. */
    String name();

    /**
     * Streams the reply to {@code listener}: tokens, tool calls, usage (when the backend reports it), then
     * done. Returns early, without done, when the listener returns false.
     *
     * @throws LlmException any failure, in the gateway's taxonomy
     */
    void stream(LlmRequest request, LlmListener listener);

    /** The whole reply, buffered from {@link #stream}. */
    default LlmReply complete(LlmRequest request) {
        LlmReply.Builder reply = new LlmReply.Builder();
        stream(request, reply);
        return reply.build();
    }
}
