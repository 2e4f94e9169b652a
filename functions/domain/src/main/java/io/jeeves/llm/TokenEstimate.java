package io.jeeves.llm;

/**
 * The gateway's estimate of tokens before a backend counts them: a token per four characters, rounded up,
 * plus four per message for the roles and separators. It only sizes reservations; the backend's count
 * settles them.
 */
public final class TokenEstimate {
    private static final int PER_MESSAGE = 4;

    private TokenEstimate() {
    }

    public static long ofChars(long chars) {
        return (chars + 3) / 4;
    }

    /** The estimated input tokens of a request: its messages, and its tools' names, descriptions and schemas. */
    public static long of(LlmRequest request) {
        long chars = request.inputChars();
        for (LlmTool t : request.tools()) {
            chars += t.name().length() + (t.description() == null ? 0 : t.description().length())
                    + (t.parameters() == null ? 0 : t.parameters().length());
        }
        return ofChars(chars) + (long) PER_MESSAGE * request.messages().size();
    }
}
