/** Configuration and scenario files in JSON: strict reading with exact locations, and writing. */
module io.backupalarm.json {
    requires transitive io.backupalarm.core;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;

    exports io.backupalarm.json;
}
