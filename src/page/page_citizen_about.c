/*
 * page_citizen_about.c — GET /citizen/about: samplan's own information
 * for the individual, in plain Swedish (lättläst) and the citizen pages'
 * other five languages: what a SIP is, and their rights — consent,
 * relatives, interpreter, approving changes, closing — and how to read
 * the plan here. Public: read before signing in, and by anyone who helps.
 *
 * Written in our own words from the public documents (1177.se's text
 * for the individual, the Uppsala and Jönköping guidelines); one
 * paragraph a msgid, so a translator translates whole thoughts.
 */
#include "http/html.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"

enum { MAX_PARAGRAPHS = 4 };

static const struct about_section {
	const char *id; /* the fragment, for links to one section */
	const char *heading;
	const char *paragraphs[MAX_PARAGRAPHS];
} sections[] = {
	{"sip", N_("Vad är en SIP?"),
	 {N_("SIP betyder samordnad individuell plan. Det är en plan för "
	     "dig som får hjälp från flera ställen samtidigt. Det kan till "
	     "exempel vara sjukvården, socialtjänsten och skolan."),
	  N_("Planen görs på ett möte. Du är med och bestämmer. Alla som "
	     "hjälper dig får veta vad de andra gör. I planen står vem som "
	     "gör vad, och när."),
	  N_("Det är din plan. En SIP görs bara om du vill. Du kan också "
	     "själv be om en SIP.")}},
	{"samtycke", N_("Ditt samtycke"),
	 {N_("Samtycke betyder att du säger ja. Du säger ja till att de som "
	     "hjälper dig får prata med varandra om dig."),
	  N_("I ditt samtycke står vad de får berätta för varandra, vem som "
	     "får veta det och hur länge samtycket gäller. Du kan läsa ditt "
	     "samtycke här."),
	  N_("Du kan ta tillbaka ditt samtycke när du vill. Du kan också "
	     "ändra det så att färre får veta något. Om du tar tillbaka hela "
	     "samtycket slutar planen.")}},
	{"narstaende", N_("Närstående"),
	 {N_("En närstående är någon som står dig nära. Det kan vara en "
	     "förälder, en partner, ett syskon eller en vän. En närstående "
	     "kan vara med på mötet och stötta dig."),
	  N_("Du väljer själv om en närstående får läsa din plan. Ingen "
	     "annan väljer det åt dig. Du kan ändra dig när du vill."),
	  N_("Är du vårdnadshavare till ett barn under 18 år? Då kan du läsa "
	     "barnets plan. Ett barn som har fyllt 15 år kan läsa sin egen "
	     "plan.")}},
	{"tolk", N_("Tolk"),
	 {N_("Du har rätt till tolk om du inte pratar svenska. Du har också "
	     "rätt till tolk om du hör dåligt. Tolken kostar ingenting för "
	     "dig."),
	  N_("Säg till den som ordnar mötet att du vill ha tolk. Säg till i "
	     "god tid före mötet.")}},
	{"andringar", N_("Ändringar i planen"),
	 {N_("Planen får inte ändras om du inte vill. När någon vill ändra "
	     "planen får du ett förslag. Du kan läsa vad som ändras."),
	  N_("Du kan säga ja eller nej till förslaget. Du kan skriva varför. "
	     "Ändringen gäller först när du har sagt ja.")}},
	{"avslut", N_("När planen slutar"),
	 {N_("Planen följs upp på ett möte. Där bestämmer ni om planen ska "
	     "fortsätta eller sluta."),
	  N_("Planen slutar när du inte behöver den längre, eller när du inte "
	     "vill ha den längre. Du kan när som helst säga att du vill "
	     "avsluta den."),
	  N_("Den som samordnar planen avslutar den tillsammans med dig. Alla "
	     "som har varit med skriver i sina papper att planen är "
	     "avslutad.")}},
	{"las", N_("Så läser du din plan här"),
	 {N_("Logga in på Min SIP. Då ser du dina planer. Välj en plan för "
	     "att läsa den."),
	  N_("Du kan läsa planen som gäller nu och de planer som gällde "
	     "förut. Du kan se dina möten och ditt samtycke. Du kan också se "
	     "vem som har läst om dig."),
	  N_("Du kan spara planen som PDF och skriva ut den. Du kan byta "
	     "språk längst ner på sidan.")}},
};

void page_citizen_about(struct request *r)
{
	citizen_begin(r, R_(r, "Om SIP och dina rättigheter"));
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Här kan du läsa vad en SIP är. Du kan också läsa "
	                   "vad du har rätt till."));
	html_raw(r, "</p>\n<nav class=\"about-contents\" "
	            "aria-labelledby=\"about-contents\">"
	            "<h2 id=\"about-contents\">");
	html_text(r, R_(r, "Innehåll"));
	html_raw(r, "</h2><ul>");
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		html_raw(r, "<li><a href=\"#");
		html_attr(r, sections[i].id);
		html_raw(r, "\">");
		html_text(r, R_(r, sections[i].heading));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul></nav>\n");
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		const struct about_section *s = &sections[i];
		html_raw(r, "<section class=\"about-section\" aria-labelledby=\"");
		html_attr(r, s->id);
		html_raw(r, "\"><h2 id=\"");
		html_attr(r, s->id);
		html_raw(r, "\">");
		html_text(r, R_(r, s->heading));
		html_raw(r, "</h2>\n");
		for (int k = 0; k < MAX_PARAGRAPHS && s->paragraphs[k]; k++) {
			html_raw(r, "<p>");
			html_text(r, R_(r, s->paragraphs[k]));
			html_raw(r, "</p>\n");
		}
		html_raw(r, "</section>\n");
	}
	html_raw(r, "<p><a href=\"/citizen\">");
	html_text(r, R_(r, "Till Mina planer"));
	html_raw(r, "</a></p>\n");
	citizen_end(r);
}
