package dev.rampart.server.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything that crosses a kernel's channel, modelled on Jupyter's messaging: the server sends
 * {@link Request}s, each carrying an id; the kernel answers with {@link Event}s naming that id as
 * their parent, ending with exactly one {@link Event.Reply}. A kernel opens with a {@link Hello}.
 *
 * <p>On the wire a message is JSON (snake_case fields, its kind in {@code "type"}, Jupyter's
 * names where Jupyter has one) inside a length-prefixed frame; see {@link MessageChannel}.
 * A message that does not decode, or a field that is missing, is a protocol error: the server
 * treats the kernel as dead rather than guessing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Request.Execute.class, name = "execute_request"),
        @JsonSubTypes.Type(value = Request.Complete.class, name = "complete_request"),
        @JsonSubTypes.Type(value = Request.Inspect.class, name = "inspect_request"),
        @JsonSubTypes.Type(value = Request.Interrupt.class, name = "interrupt_request"),
        @JsonSubTypes.Type(value = Request.Shutdown.class, name = "shutdown_request"),
        @JsonSubTypes.Type(value = Request.Bind.class, name = "bind_request"),
        @JsonSubTypes.Type(value = Request.RunAttacks.class, name = "run_attacks_request"),
        @JsonSubTypes.Type(value = Event.KernelReady.class, name = "kernel_ready"),
        @JsonSubTypes.Type(value = Event.Stream.class, name = "stream"),
        @JsonSubTypes.Type(value = Event.DisplayData.class, name = "display_data"),
        @JsonSubTypes.Type(value = Event.ExecuteResult.class, name = "execute_result"),
        @JsonSubTypes.Type(value = Event.Failure.class, name = "error"),
        @JsonSubTypes.Type(value = Event.KataBuild.class, name = "kata_build"),
        @JsonSubTypes.Type(value = Event.CasesPlanned.class, name = "cases_planned"),
        @JsonSubTypes.Type(value = Event.CaseStarted.class, name = "case_started"),
        @JsonSubTypes.Type(value = Event.CaseFinished.class, name = "case_finished"),
        @JsonSubTypes.Type(value = Event.KernelDied.class, name = "kernel_died"),
        @JsonSubTypes.Type(value = Event.ExecuteReply.class, name = "execute_reply"),
        @JsonSubTypes.Type(value = Event.CompleteReply.class, name = "complete_reply"),
        @JsonSubTypes.Type(value = Event.InspectReply.class, name = "inspect_reply"),
        @JsonSubTypes.Type(value = Event.BindReply.class, name = "bind_reply"),
        @JsonSubTypes.Type(value = Event.AttacksReply.class, name = "run_attacks_reply"),
        @JsonSubTypes.Type(value = Event.ShutdownReply.class, name = "shutdown_reply"),
})
public sealed interface Message permits Hello, Request, Event {
}
