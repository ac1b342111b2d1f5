/* The practical floor for loading: read each file and run libyaml's event
 * parser over it, doing nothing with the events. One thread.
 * usage: yaml_floor FILE... (or a list of files on stdin with -) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static long parse(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 0; }
    static unsigned char buffer[1 << 20];
    size_t n = fread(buffer, 1, sizeof buffer, f);
    fclose(f);
    yaml_parser_t parser;
    yaml_event_t event;
    long events = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, buffer, n);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) break;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (done) break;
    }
    yaml_parser_delete(&parser);
    return events;
}

int main(int argc, char **argv) {
    long total = 0, files = 0;
    char line[4096];
    if (argc == 2 && strcmp(argv[1], "-") == 0) {
        while (fgets(line, sizeof line, stdin)) {
            line[strcspn(line, "\n")] = 0;
            total += parse(line);
            files++;
        }
    } else {
        for (int i = 1; i < argc; i++) { total += parse(argv[i]); files++; }
    }
    fprintf(stderr, "%ld files, %ld events\n", files, total);
    return 0;
}
