package dev.rampart.kata.support;

import dev.rampart.contract.Payloads;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

final class PayloadFileProvider implements ArgumentsProvider, AnnotationConsumer<PayloadFile> {

    private String resource;

    @Override
    public void accept(PayloadFile annotation) {
        resource = annotation.value();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        return Payloads.load(resource).payloads().stream()
                .map(line -> Arguments.of((Object[]) line.split("\t", -1)));
    }
}
