/* Word wrapping for text output. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "report/text.h"

void text_wrap(FILE *out, const char *s, size_t col, size_t width)
{
	size_t pos = col;
	bool first = true;
	while (*s) {
		while (*s == ' ')
			s++;
		size_t word = strcspn(s, " ");
		if (word == 0)
			break;
		if (!first && pos + 1 + word > width) {
			fprintf(out, "\n%*s", (int)col, "");
			pos = col;
		} else if (!first) {
			fputc(' ', out);
			pos++;
		}
		fwrite(s, 1, word, out);
		pos += word;
		s += word;
		first = false;
	}
	fputc('\n', out);
}
