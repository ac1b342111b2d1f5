// Typed wrappers around libcurl's variadic entry points, which Swift cannot
// call: curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt. Each
// wrapper fixes the type of the third argument; pick the one that matches
// the option's documented type (long, pointer, string, curl_off_t, blob or
// callback).
#ifndef HERALD_CCURL_SHIM_H
#define HERALD_CCURL_SHIM_H

#include <curl/curl.h>

// curl_global_init(CURL_GLOBAL_ALL); the flag macro does not import.
static inline CURLcode herald_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

// curl_version_info(CURLVERSION_NOW); the version macro does not import.
static inline const curl_version_info_data *herald_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

// MARK: curl_easy_setopt

static inline CURLcode herald_curl_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode herald_curl_setopt_ptr(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode herald_curl_setopt_str(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode herald_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode herald_curl_setopt_blob(CURL *h, CURLoption o, struct curl_blob *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode herald_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode herald_curl_setopt_mime(CURL *h, CURLoption o, curl_mime *v) {
    return curl_easy_setopt(h, o, v);
}

// Callbacks (CURLOPT_WRITEFUNCTION / HEADERFUNCTION, DEBUGFUNCTION,
// XFERINFOFUNCTION).
static inline CURLcode herald_curl_setopt_write_func(CURL *h, CURLoption o, curl_write_callback f) {
    return curl_easy_setopt(h, o, f);
}
static inline CURLcode herald_curl_setopt_debug_func(CURL *h, CURLoption o, curl_debug_callback f) {
    return curl_easy_setopt(h, o, f);
}
static inline CURLcode herald_curl_setopt_xferinfo_func(CURL *h, CURLoption o, curl_xferinfo_callback f) {
    return curl_easy_setopt(h, o, f);
}

// MARK: curl_easy_getinfo

static inline CURLcode herald_curl_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode herald_curl_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode herald_curl_getinfo_double(CURL *h, CURLINFO i, double *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode herald_curl_getinfo_str(CURL *h, CURLINFO i, const char **v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode herald_curl_getinfo_ptr(CURL *h, CURLINFO i, void **v) {
    return curl_easy_getinfo(h, i, v);
}

// MARK: curl_multi_setopt

static inline CURLMcode herald_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) {
    return curl_multi_setopt(m, o, v);
}
static inline CURLMcode herald_curl_multi_setopt_ptr(CURLM *m, CURLMoption o, void *v) {
    return curl_multi_setopt(m, o, v);
}

// CURLMsg.data is a union; read the result without relying on how Swift
// imports it.
static inline CURLcode herald_curl_msg_result(const CURLMsg *msg) {
    return msg->data.result;
}

#endif
