class ReportsController < ApplicationController
  def index
    # ruleid: sql-injection
    @reports = Report.find_by_sql("SELECT * FROM reports WHERE title LIKE '%#{params[:q]}%'")
  end

  def create
    # ruleid: rails-mass-assignment-permit-all
    report = Report.create(params.require(:report).permit!)
    # ruleid: command-injection
    system("generate-report #{params[:format]}")
  end
end
