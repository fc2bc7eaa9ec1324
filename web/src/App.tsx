// The web studio: sign in, then the pages of a persona studio, over the studio API.
import { Route, Routes } from "react-router";
import { useMe } from "./api/session";
import { CostsPage } from "./pages/CostsPage";
import { Dashboard } from "./pages/Dashboard";
import { JobPage } from "./pages/JobPage";
import { KeysPage } from "./pages/KeysPage";
import { ModelPage } from "./pages/ModelPage";
import { ResultsPage } from "./pages/ResultsPage";
import { SignIn } from "./pages/SignIn";
import { Layout } from "./ui/layout";
import { ErrorState, Loading } from "./ui/states";
import { usePageTitle } from "./ui/title";

export function App() {
  const me = useMe();
  if (me.isPending) return <Loading what="the studio" />;
  if (me.isError) return <ErrorState error={new Error(`The studio cannot be reached: ${me.error.message}`)} retry={() => void me.refetch()} />;
  if (me.data === null) return <SignIn />;
  return (
    <Layout user={me.data.name}>
      <Routes>
        <Route path="/" element={<Dashboard />} />
        <Route path="/models/:name" element={<ModelPage />} />
        <Route path="/models/:name/results" element={<ResultsPage />} />
        <Route path="/jobs/:id" element={<JobPage />} />
        <Route path="/costs" element={<CostsPage />} />
        <Route path="/keys" element={<KeysPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}

function NotFound() {
  usePageTitle("Not found");
  return (
    <>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p>This page does not exist. The Models page lists your personas.</p>
    </>
  );
}
