package org.inventory.filler.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which refusals a file's import splits a message for, to isolate the record at fault. */
class ReplyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"invalid_record\",\"message\":\"m\",\"retryable\":false,\"index\":3,\"path\":\"a\"}}', true",
        "'{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"message_too_large\",\"message\":\"m\",\"retryable\":false}}', true",
        "'{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"batch_too_large\",\"message\":\"m\",\"retryable\":false}}', true",
        "'{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"store_full\",\"message\":\"set MONGODB_URL\",\"retryable\":false}}', false",
        "'{\"ok\":false,\"seq\":1,\"error\":{\"code\":\"internal\",\"message\":\"m\",\"retryable\":false}}', false",
    })
    void a_message_is_split_only_for_a_refusal_about_its_records(String reply, boolean split) {
        assertEquals(split, Reply.parse(reply).error().aboutTheRecords());
    }
}
