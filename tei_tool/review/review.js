// tei review: keyboard navigation through the review queue (the page reads fine without it).
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("#queue li[data-target]"))
    .filter(function (li) { return li.getAttribute("data-target"); });
  var pos = document.getElementById("queue-pos");
  var index = -1;
  var lastMark = null;

  function show(i) {
    if (!items.length) { return; }
    index = (i + items.length) % items.length;
    items.forEach(function (li) { li.classList.remove("current"); });
    var item = items[index];
    item.classList.add("current");
    item.scrollIntoView({ block: "nearest" });
    var mark = document.getElementById(item.getAttribute("data-target"));
    if (lastMark) { lastMark.classList.remove("current-mark"); }
    if (mark) {
      mark.classList.add("current-mark");
      if (!mark.hasAttribute("tabindex")) { mark.setAttribute("tabindex", "-1"); }
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
      lastMark = mark;
    }
    if (pos) { pos.textContent = "item " + (index + 1) + " of " + items.length; }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var t = event.target && event.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") { return; }
    if (event.key === "j" || event.key === "n") { show(index + 1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { show(index - 1); event.preventDefault(); }
    else if (event.key === "q") { document.getElementById("queue").scrollIntoView({ block: "start" }); event.preventDefault(); }
  });
  items.forEach(function (li, i) {
    var link = li.querySelector("a");
    if (link) { link.addEventListener("click", function (event) { event.preventDefault(); show(i); }); }
  });
}());
