package org.inventory.filler.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typed CSV columns: the header's types, Go's date layouts read as mongoimport reads them, and what each writes. */
class ColumnTypeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2006-01-02                      | 2024-05-01                       | 2024-05-01T00:00:00Z
            2006-01-02 15:04:05             | 2024-05-01 14:30:07              | 2024-05-01T14:30:07Z
            2006-01-02T15:04:05.000Z07:00   | 2024-05-01T14:30:07.250+02:00    | 2024-05-01T12:30:07.250Z
            2006-01-02T15:04:05Z07:00       | 2024-05-01T14:30:07Z             | 2024-05-01T14:30:07Z
            02/01/2006 3:04PM               | 01/05/2024 2:30PM                | 2024-05-01T14:30:00Z
            Jan _2 2006                     | May  1 2024                      | 2024-05-01T00:00:00Z
            Mon, 02 Jan 2006 15:04:05 -0700 | Wed, 01 May 2024 14:30:00 +0200  | 2024-05-01T12:30:00Z
            January 2, 2006                 | May 1, 2024                      | 2024-05-01T00:00:00Z
            20060102                        | 20240501                         | 2024-05-01T00:00:00Z
            """)
    void go_layouts_read_dates_as_mongoimport_does(String layout, String cell, String expected) {
        var type = ColumnType.parse("at.date(" + layout + ")").type();
        assertEquals(Instant.parse(expected), ColumnType.GoLayout.parse(cell, type.layout()), layout);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            int32()        | 2147483647            | 2147483647
            int32()        | +7                    | 7
            int64()        | 5                     | {"$numberLong":"5"}
            double()       | 1e3                   | {"$numberDouble":"1000.0"}
            double()       | -Inf                  | {"$numberDouble":"-Infinity"}
            double()       | NaN                   | {"$numberDouble":"NaN"}
            decimal()      | 9.50                  | {"$numberDecimal":"9.50"}
            boolean()      | F                     | false
            boolean()      | 1                     | true
            string()       | 007                   | "007"
            auto()         | 007                   | "007"
            auto()         | 7                     | 7
            oid()          | 65F1D7F1E2B3C4D5E6F70819 | {"$oid":"65f1d7f1e2b3c4d5e6f70819"}
            date_iso8601() | 2024-05-01            | {"$date":{"$numberLong":"1714521600000"}}
            date_iso8601() | 2024-05-01T12:00:00   | {"$date":{"$numberLong":"1714564800000"}}
            date_iso8601() | 1969-12-31T23:59:59Z  | {"$date":{"$numberLong":"-1000"}}
            """)
    void a_cell_is_written_as_the_json_its_type_stores(String type, String cell, String json) throws IOException {
        ColumnType column = ColumnType.parse("x." + type).type();
        assertTrue(column.accepts(cell));
        var text = new StringWriter();
        try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
            column.write(cell, out);
        }
        assertEquals(json, text.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            int32()             | 2147483648
            int32()             | 1.5
            int64()             | 9223372036854775808
            double()            | 1e400
            double()            | 0x10
            decimal()           | 1.2.3
            boolean()           | yes
            oid()               | 65f1d7f1e2b3c4d5e6f7081
            date_iso8601()      | 2024-13-01
            date(2006-01-02)    | 2024/05/01
            date(2006-01-02)    | 2024-02-30
            """)
    void a_cell_not_of_its_type_is_not_accepted(String type, String cell) {
        assertFalse(ColumnType.parse("x." + type).type().accepts(cell), type + " " + cell);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            quantity               | quantity      | auto
            price.amount           | price.amount  | auto
            price.amount.double()  | price.amount  | double
            at.date(2006-01-02)    | at            | date(2006-01-02)
            """)
    void a_header_name_gives_the_field_and_its_type(String header, String field, String type) {
        ColumnType.Column column = ColumnType.parse(header);
        assertEquals(field, column.field());
        assertEquals(type, column.type().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            x.integer()
            x.date()
            x.int32(7)
            """)
    void an_unknown_type_or_a_bad_argument_is_refused(String header) {
        assertThrows(IllegalArgumentException.class, () -> ColumnType.parse(header));
    }
}
