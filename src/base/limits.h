/*
 * limits.h — every size cap in samplan, named, in one place.
 *
 * A cap that is reached gives the user a clear answer (413, 414, a form
 * message); none of these is ever a crash.
 */
#ifndef SAMPLAN_LIMITS_H
#define SAMPLAN_LIMITS_H

/* HTTP */
#define LIMIT_URL_LENGTH (4 * 1024)          /* longer: 414 */
#define LIMIT_HEADER_MEMORY (32 * 1024)      /* MHD per-connection pool */
#define LIMIT_FORM_BODY (1024 * 1024)        /* form or JSON body: 413 */
#define LIMIT_IMPORT_BODY (8 * 1024 * 1024)  /* CSV upload: 413 */
#define LIMIT_RESPONSE (16 * 1024 * 1024)    /* any generated body */
#define LIMIT_JSON_ROWS (16 * 1024 * 1024) /* one db_rows column (db.h) */
#define LIMIT_ICS (1024 * 1024)             /* one meeting's .ics */
#define LIMIT_REQUEST_ARENA (64 * 1024 * 1024)
#define LIMIT_FORM_FIELDS 2000               /* name=value pairs per body */
#define LIMIT_DISCARD_BODY (16 * 1024 * 1024) /* read past a cap to answer
                                                 413, then cut off */
#define LIMIT_CONNECTION_TIMEOUT_S 10        /* no byte for this long: an
                                                idle or slow client is
                                                closed (server.h) */
#define LIMIT_CONNECTIONS 8192               /* all clients together */
#define LIMIT_CONNECTIONS_PER_IP 64          /* one address: 128 would be
                                                needed to fill the server */

/* Text fields (bytes of UTF-8) */
#define LIMIT_NAME 200     /* names of people, units, principals */
#define LIMIT_SHORT 200    /* one-line fields */
#define LIMIT_TEXT 20000   /* free text: needs, descriptions */
/* One multi-row audit append's JSON parameter (audit/chain.c); a batch
 * beyond it is appended record by record instead. */
#define LIMIT_AUDIT_BATCH (16 * 1024 * 1024)
#define LIMIT_USERNAME 64
#define LIMIT_PASSWORD 1024
#define LIMIT_PASSWORD_MIN 12

/* Documents on paper (src/doc/render_pdf.c): a PDF over either cap is
 * refused with a message, not sent truncated. A plan of every field at
 * its LIMIT_TEXT and a hundred interventions stays under both. */
#define LIMIT_PDF (8 * 1024 * 1024) /* bytes of one PDF */
#define LIMIT_PDF_PAGES 300         /* pages of one PDF */

/* Files */
#define LIMIT_CSV_ROWS 100000
#define LIMIT_CSV_LINE 8192

#endif
