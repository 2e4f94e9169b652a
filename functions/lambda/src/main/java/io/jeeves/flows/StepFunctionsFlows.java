package io.jeeves.flows;

import io.jeeves.governance.ControlLoop;
import io.jeeves.json.Json;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** The control loop's flows on Step Functions (AWS, or the local stack's engine through the same client). */
public final class StepFunctionsFlows implements ControlLoop.Flows {
    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsFlows.class);

    private final Supplier<SfnClient> sfn;
    private final Supplier<String> approvalStateMachineArn;

    /**
     * @param sfn the client, built on first use (a function that only reads directives never loads it)
     * @param approvalStateMachineArn read only when an approval flow starts: a function that only answers or
     *     stops flows is not given it
     */
    public StepFunctionsFlows(Supplier<SfnClient> sfn, Supplier<String> approvalStateMachineArn) {
        this.sfn = sfn;
        this.approvalStateMachineArn = approvalStateMachineArn;
    }

    @Override
    public void startApproval(String name, Map<String, Object> input) {
        try {
            sfn.get().startExecution(b -> b.stateMachineArn(approvalStateMachineArn.get()).name(name).input(Json.write(input)));
        } catch (ExecutionAlreadyExistsException e) {
            LOG.info("approval flow {} has run already", name); // a duplicate request after it finished
        }
    }

    @Override
    public boolean sendTaskSuccess(String taskToken, Map<String, Object> output) {
        try {
            sfn.get().sendTaskSuccess(b -> b.taskToken(taskToken).output(Json.write(output)));
            return true;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            return false; // the flow stopped waiting
        }
    }

    @Override
    public void stopExecution(String executionArn, String cause) {
        try {
            sfn.get().stopExecution(b -> b.executionArn(executionArn).error("Jeeves.Canceled").cause(cause));
        } catch (ExecutionDoesNotExistException e) {
            LOG.warn("execution {} to stop does not exist", executionArn);
        }
    }
}
