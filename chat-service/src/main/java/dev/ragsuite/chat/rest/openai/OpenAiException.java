package dev.ragsuite.chat.rest.openai;

import dev.ragsuite.common.problem.OpenAiError;

/**
 * A refused request of the OpenAI-compatible API that names the parameter at fault and, where OpenAI has one,
 * its error code ({@code model_not_found}); {@link OpenAiErrorMapping} answers it in OpenAI's error shape.
 */
public class OpenAiException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;

    public OpenAiException(int status, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    public static OpenAiException invalid(String message, String param) {
        return new OpenAiException(400, message, param, null);
    }

    public static OpenAiException modelNotFound(String model) {
        return new OpenAiException(404, "The model '" + model + "' does not exist; this server answers with '"
                + OpenAiResource.MODEL + "'.", "model", "model_not_found");
    }

    public OpenAiError body() {
        return OpenAiError.of(status, getMessage(), param, code);
    }

    public int status() {
        return status;
    }
}
