// Make the incident index sortable by any column. document$ is the theme's page-load stream,
// so this also runs after instant navigation swaps the page in.
document$.subscribe(function () {
  document.querySelectorAll("article table").forEach(function (table) {
    new Tablesort(table);
  });
});
