// GraphiQL on this server's own /graphql; every file it needs comes from this server.
(function () {
  var url = new URL("graphql", document.baseURI).href;
  var fetcher = GraphiQL.createFetcher({ url: url });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
  }));
})();
