// The web studio: sign in, then the pages of a persona studio, over the studio API.
import { Route, Routes } from "react-router";
import { useMe } from "./api/session";
import { CaptionsPage } from "./pages/CaptionsPage";
import { CostsPage } from "./pages/CostsPage";
import { DatasetPage } from "./pages/DatasetPage";
import { DatasetsPage } from "./pages/DatasetsPage";
import { Dashboard } from "./pages/Dashboard";
import { JobPage } from "./pages/JobPage";
import { KeysPage } from "./pages/KeysPage";
import { LoraPage } from "./pages/LoraPage";
import { LorasPage } from "./pages/LorasPage";
import { ModelPage } from "./pages/ModelPage";
import { QueuePage } from "./pages/QueuePage";
import { ResultsPage } from "./pages/ResultsPage";
import { SignIn } from "./pages/SignIn";
import { TrainingPage } from "./pages/TrainingPage";
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
        <Route path="/models/:name/datasets" element={<DatasetsPage />} />
        <Route path="/models/:name/datasets/:version" element={<DatasetPage />} />
        <Route path="/models/:name/datasets/:version/captions" element={<CaptionsPage />} />
        <Route path="/models/:name/training" element={<TrainingPage />} />
        <Route path="/models/:name/loras" element={<LorasPage />} />
        <Route path="/models/:name/loras/:version" element={<LoraPage />} />
        <Route path="/queue" element={<QueuePage />} />
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
