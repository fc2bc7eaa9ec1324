// Training: the form drawn from the API's params schema (a dry run checks it before submit),
// and the model's trainings with their state and place in the GPU queue.
import { useParams } from "react-router";
import { ConsentGateBanner } from "../ui/consent-gate";
import { styles } from "../ui/controls";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { useDatasets, useModel, useTrainingParams } from "./training/queries";
import { TrainingForm } from "./training/TrainingForm";
import { Trainings } from "./training/Trainings";

/** Training of the model named in the URL. */
export function TrainingPage() {
  const { name = "" } = useParams();
  usePageTitle(`Training of ${name}`);
  const model = useModel(name);
  const params = useTrainingParams();
  const datasets = useDatasets(name);
  const failed = [model, params, datasets].find((q) => q.isError);
  return (
    <div className="flex min-w-0 flex-col gap-8">
      <div className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold break-all">Training of {name}</h1>
        <ConsentGateBanner name={name} />
      </div>
      <section aria-labelledby="new-training-heading" className={`${styles.card} flex flex-col gap-4`}>
        <h2 id="new-training-heading" className="text-xl font-semibold">
          New training
        </h2>
        {failed?.error ? (
          <ErrorState error={failed.error} retry={() => void failed.refetch()} />
        ) : model.data && params.data && datasets.data ? (
          <TrainingForm
            model={model.data}
            schema={params.data.params_schema}
            families={params.data.families}
            datasets={datasets.data}
          />
        ) : (
          <Loading what="the training form" />
        )}
      </section>
      <Trainings model={name} />
    </div>
  );
}
