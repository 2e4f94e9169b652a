package io.jeeves.kernel;

/** What a process has consumed (kernel-reference §5.1, ResourceUsage). */
public record ResourceUsage(
        long llmCalls,
        long toolCalls,
        long agentHops,
        long iterations,
        long tokensIn,
        long tokensOut,
        long inferenceRequests,
        long inferenceInputChars,
        double elapsedSeconds) {

    public static final ResourceUsage ZERO = new ResourceUsage(0, 0, 0, 0, 0, 0, 0, 0, 0.0);

    public ResourceUsage plus(UsageDelta d) {
        return new ResourceUsage(llmCalls + d.llmCalls(), toolCalls + d.toolCalls(), agentHops + d.agentHops(),
                iterations + d.iterations(), tokensIn + d.tokensIn(), tokensOut + d.tokensOut(),
                inferenceRequests + d.inferenceRequests(), inferenceInputChars + d.inferenceInputChars(),
                elapsedSeconds);
    }

    public ResourceUsage withElapsedSeconds(double seconds) {
        return new ResourceUsage(llmCalls, toolCalls, agentHops, iterations, tokensIn, tokensOut,
                inferenceRequests, inferenceInputChars, seconds);
    }
}
