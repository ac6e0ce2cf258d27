// The Feeds page's script (browser; compiled by tsc, served at /assets/feeds.js). The import form
// posts OPML as text (the desk takes forms, not uploads): a chosen file is read here into the
// form's text box before it is sent. Without this script, pasting the OPML works the same.
export {};

const form = document.querySelector<HTMLFormElement>("#opml-form");
const file = document.querySelector<HTMLInputElement>("#opml-file");
const text = document.querySelector<HTMLTextAreaElement>("#opml-text");

form?.addEventListener("submit", (event) => {
  const chosen = file?.files?.[0];
  if (!chosen || !text) return;
  event.preventDefault();
  void chosen.text().then((content) => {
    text.value = content;
    file.value = "";
    form.submit();
  });
});
